package dev.tailgate.config;

import dev.tailgate.config.model.AccessLog;
import dev.tailgate.config.model.HostConfig;
import dev.tailgate.config.model.Listener;
import dev.tailgate.config.model.LocationSection;
import dev.tailgate.config.model.LogTarget;
import dev.tailgate.config.model.ModuleValues;
import dev.tailgate.config.model.ProxyReverseRule;
import dev.tailgate.config.model.ProxyRule;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.model.TlsSettings;
import dev.tailgate.config.model.VirtualHost;
import dev.tailgate.config.model.VirtualHostAddress;
import dev.tailgate.config.syntax.ProblemCollector;
import dev.tailgate.config.syntax.SourceLocation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Turns the builders into the immutable model once every directive has been read: httpd's
 * inheritance of vhosts from the main server, defaults, log nickname resolution, and the checks
 * that need the whole config (listeners against vhosts).
 */
final class ModelAssembler {

  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(5);

  private final ServerBuilder server;
  private final ProblemCollector problems;

  ModelAssembler(ServerBuilder server, ProblemCollector problems) {
    this.server = server;
    this.problems = problems;
  }

  TailgateConfig assemble() {
    HostBuilder main = server.mainServer;
    Map<String, String> mainFormats = formats(Map.of(), main);
    List<AccessLog> mainLogs = accessLogs(main, mainFormats, List.of());
    HostConfig mainHost = host(main, new HostBuilder(), mainLogs, List.of(), main.modules.build());
    VirtualHost mainServer =
        new VirtualHost(List.of(), mainHost, new SourceLocation(server.mainFile, 0));
    List<VirtualHost> vhosts = new ArrayList<>();
    for (VirtualHostBuilder vhost : server.virtualHosts) {
      Map<String, String> vhostFormats = formats(mainFormats, vhost.host());
      List<AccessLog> logs = accessLogs(vhost.host(), vhostFormats, mainLogs);
      HostConfig host =
          host(
              vhost.host(),
              main,
              logs,
              main.locations,
              main.modules.build().mergedWith(vhost.host().modules.build()));
      vhosts.add(new VirtualHost(vhost.addresses(), host, vhost.at()));
    }
    List<Listener> listeners =
        server.listeners.isEmpty() && server.unixListeners.isEmpty()
            ? implicitListeners(vhosts, mainHost)
            : server.listeners;
    checkListeners(vhosts, listeners);
    return new TailgateConfig(
        server.mainFile,
        server.serverRoot,
        listeners,
        server.unixListeners,
        mainServer,
        vhosts,
        ModuleValues.EMPTY);
  }

  /**
   * A vhost inherits from the main server what it does not set itself, as httpd's
   * ap_fixup_virtual_hosts.
   */
  private HostConfig host(
      HostBuilder own,
      HostBuilder main,
      List<AccessLog> logs,
      List<LocationSection> mainLocations,
      ModuleValues modules) {
    Duration timeout = first(own.timeout, main.timeout, DEFAULT_TIMEOUT);
    List<ProxyRule> proxyRules = concat(own.proxyRules, main.proxyRules);
    List<ProxyReverseRule> reverse = concat(own.proxyReverseRules, main.proxyReverseRules);
    TlsSettings tls =
        new TlsSettings(
            first(own.sslEngine, main.sslEngine, false),
            Optional.ofNullable(first(own.certificateFile, main.certificateFile, null)),
            Optional.ofNullable(first(own.certificateKeyFile, main.certificateKeyFile, null)));
    return new HostConfig(
        Optional.ofNullable(first(own.serverName, main.serverName, null)),
        own.serverAliases,
        tls,
        Optional.ofNullable(first(own.documentRoot, main.documentRoot, null)),
        proxyRules,
        reverse,
        first(own.proxyTimeout, main.proxyTimeout, timeout),
        timeout,
        first(own.keepAliveTimeout, main.keepAliveTimeout, DEFAULT_KEEP_ALIVE_TIMEOUT),
        first(own.errorLog, main.errorLog, new LogTarget.Console()),
        logs,
        main.base.build().overriddenBy(own.base.build()),
        concat(mainLocations, own.locations),
        modules,
        first(own.underscoresInHeaders, main.underscoresInHeaders, false),
        own.dotFilePrefixes.isEmpty() ? main.dotFilePrefixes : own.dotFilePrefixes);
  }

  private static Map<String, String> formats(Map<String, String> inherited, HostBuilder host) {
    Map<String, String> formats = new LinkedHashMap<>(LogFormats.PREDEFINED);
    formats.putAll(inherited);
    formats.putAll(host.logFormats);
    return formats;
  }

  /**
   * A host without CustomLog inherits the main server's; with none anywhere, combined to the
   * console.
   */
  private List<AccessLog> accessLogs(
      HostBuilder host, Map<String, String> formats, List<AccessLog> inherited) {
    if (host.accessLogs.isEmpty()) {
      return inherited.isEmpty()
          ? List.of(
              new AccessLog(
                  new LogTarget.Console(),
                  LogFormats.COMBINED,
                  Optional.of("combined"),
                  Optional.empty()))
          : inherited;
    }
    List<AccessLog> logs = new ArrayList<>();
    for (PendingAccessLog pending : host.accessLogs) {
      if (!pending.nickname()) {
        logs.add(
            new AccessLog(
                pending.target(),
                pending.formatOrNickname(),
                Optional.empty(),
                Optional.of(pending.at())));
        continue;
      }
      String format = formats.get(pending.formatOrNickname().toLowerCase(Locale.ROOT));
      if (format == null) {
        problems.add(
            pending.at(),
            "CustomLog",
            "log format nickname \"" + pending.formatOrNickname() + "\" is not defined",
            "define it with LogFormat \"format\" "
                + pending.formatOrNickname()
                + ", or use one of "
                + String.join(", ", new TreeSet<>(formats.keySet())));
        continue;
      }
      logs.add(
          new AccessLog(
              pending.target(),
              format,
              Optional.of(pending.formatOrNickname()),
              Optional.of(pending.at())));
    }
    return logs;
  }

  /**
   * Without any Listen, listen where the vhosts say (https where their SSLEngine is on or the port
   * is 443), else on 80: lets the blog's bare snippets run. Once there is a Listen, the admin
   * decides, and a vhost on a port nobody listens on is an error.
   */
  private List<Listener> implicitListeners(List<VirtualHost> vhosts, HostConfig mainHost) {
    Map<Integer, Listener> byPort = new LinkedHashMap<>();
    for (VirtualHost vhost : vhosts) {
      for (VirtualHostAddress address : vhost.addresses()) {
        if (address.port().isPresent()) {
          int port = address.port().getAsInt();
          boolean https = port == 443 || vhost.host().tls().engine();
          Listener existing = byPort.get(port);
          if (existing == null || (https && existing.protocol() == Listener.Protocol.HTTP)) {
            byPort.put(
                port,
                new Listener(
                    Optional.empty(),
                    port,
                    https ? Listener.Protocol.HTTPS : Listener.Protocol.HTTP,
                    vhost.at(),
                    true));
          }
        }
      }
    }
    if (byPort.isEmpty()) {
      boolean https = mainHost.tls().engine();
      return List.of(
          new Listener(
              Optional.empty(),
              https ? 443 : 80,
              https ? Listener.Protocol.HTTPS : Listener.Protocol.HTTP,
              new SourceLocation(server.mainFile, 0),
              true));
    }
    return List.copyOf(byPort.values());
  }

  private void checkListeners(List<VirtualHost> vhosts, List<Listener> listeners) {
    for (VirtualHost vhost : vhosts) {
      for (VirtualHostAddress address : vhost.addresses()) {
        if (address.port().isEmpty()) {
          continue;
        }
        int port = address.port().getAsInt();
        List<Listener> onPort = listeners.stream().filter(l -> l.port() == port).toList();
        boolean tls = vhost.host().tls().engine();
        if (onPort.isEmpty()) {
          problems.add(
              vhost.at(),
              "<VirtualHost>",
              "no Listen for port " + port,
              "add Listen " + port + (tls ? " https" : ""));
        } else if (tls && onPort.stream().allMatch(l -> l.protocol() == Listener.Protocol.HTTP)) {
          problems.add(
              vhost.at(),
              "<VirtualHost>",
              "SSLEngine is on, but port " + port + " is an http listener",
              "write Listen " + port + " https, or SSLEngine off");
        } else if (!tls && onPort.stream().allMatch(l -> l.protocol() == Listener.Protocol.HTTPS)) {
          problems.add(
              vhost.at(),
              "<VirtualHost>",
              "port " + port + " is an https listener, but SSLEngine is off for this host",
              "add SSLEngine on to the <VirtualHost>, or write Listen " + port + " http");
        }
      }
    }
  }

  private static <T> T first(T own, T inherited, T fallback) {
    return own != null ? own : inherited != null ? inherited : fallback;
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
