package dev.tailgate.config.model;

import java.util.List;
import java.util.Optional;

/**
 * What applies to one request path on one host, after merging the host's own settings and every
 * matching location section in config order. Pure data: the runtime acts on it, it decides nothing.
 *
 * @param sections the matching sections, in merge order (for logs and {@code check})
 * @param proxy where to proxy to; empty when not proxied (including a {@code ProxyPass !})
 * @param redirects in the order to try them; the first whose path matches wins
 * @param directoryIndex empty when {@code DirectoryIndex disabled}
 * @param handler from {@code SetHandler}; empty when none (or {@code SetHandler None})
 * @param modules the features' values, merged over the matching sections in config order by each
 *     feature's own rule (authz: AuthMerging), so a request reads them finished
 */
public record EffectiveLocation(
    String path,
    List<LocationSection> sections,
    Optional<ProxyRoute> proxy,
    boolean preserveHost,
    List<ProxyReverseRule> proxyReverseRules,
    List<HeaderAction> requestHeaders,
    List<HeaderAction> responseHeaders,
    List<RedirectRule> redirects,
    List<String> directoryIndex,
    Optional<String> handler,
    ModuleValues modules) {

  public EffectiveLocation {
    sections = List.copyOf(sections);
    proxyReverseRules = List.copyOf(proxyReverseRules);
    requestHeaders = List.copyOf(requestHeaders);
    responseHeaders = List.copyOf(responseHeaders);
    redirects = List.copyOf(redirects);
    directoryIndex = List.copyOf(directoryIndex);
  }

  /** The first redirect that applies to {@link #path()}, as httpd's mod_alias picks it. */
  public Optional<RedirectRule> redirect() {
    // asked on every request, and most locations have no redirect: no stream for nothing
    for (int i = 0; i < redirects.size(); i++) {
      if (redirects.get(i).remainder(path).isPresent()) {
        return Optional.of(redirects.get(i));
      }
    }
    return Optional.empty();
  }
}
