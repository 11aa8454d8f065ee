package dev.tailgate.config.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything that applies to one server (the main server or a virtual host), after httpd's
 * inheritance from the main server and with defaults filled in, so the runtime never merges.
 *
 * @param proxyRules host-level ProxyPass rules: the vhost's own first, then the main server's
 * @param base per-directory settings given directly in the host, under all locations
 * @param locations the main server's sections first, then the vhost's, in config order
 * @param modules the features' per-server values (the tailscale socket, managed-domain settings…),
 *     a vhost's merged over the main server's by each feature's rule
 * @param underscoresInHeaders {@code UnderscoresInHeaders}: forward client headers whose names
 *     contain {@code _}; off by default, as in nginx, since CGI-style backends read {@code X_User}
 *     and {@code X-User} as the same variable
 * @param dotFilePrefixes {@code AllowDotFiles}: URL paths under which files and directories whose
 *     names start with a dot may be served; none by default
 */
public record HostConfig(
    Optional<String> serverName,
    List<String> serverAliases,
    TlsSettings tls,
    Optional<Path> documentRoot,
    List<ProxyRule> proxyRules,
    List<ProxyReverseRule> proxyReverseRules,
    Duration proxyTimeout,
    Duration timeout,
    Duration keepAliveTimeout,
    LogTarget errorLog,
    List<AccessLog> accessLogs,
    DirSettings base,
    List<LocationSection> locations,
    ModuleValues modules,
    boolean underscoresInHeaders,
    List<String> dotFilePrefixes) {

  public HostConfig {
    serverAliases = List.copyOf(serverAliases);
    proxyRules = List.copyOf(proxyRules);
    proxyReverseRules = List.copyOf(proxyReverseRules);
    accessLogs = List.copyOf(accessLogs);
    locations = List.copyOf(locations);
    dotFilePrefixes = List.copyOf(dotFilePrefixes);
  }

  /** The settings for one request path: the sections that match, merged in config order. */
  public EffectiveLocation locationFor(String path) {
    return LocationMerger.merge(this, path);
  }
}
