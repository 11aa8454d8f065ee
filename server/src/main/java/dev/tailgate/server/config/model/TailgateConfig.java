package dev.tailgate.server.config.model;

import dev.tailgate.server.config.syntax.ConfigNode;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The validated configuration: what stage 2 produces and the runtime consumes. Immutable; a reload
 * builds a new one.
 *
 * @param serverRoot       where relative paths were resolved from
 * @param mainServer       answers when no virtual host matches the connection's address
 * @param serverDirectives not-yet-compiled server-config directives and sections (MDomain, MD…,
 *                         AuthTailscale…), in config order; the seam for issues 4 and 5
 */
public record TailgateConfig(Path mainFile,
                             Path serverRoot,
                             List<Listener> listeners,
                             List<UnixListener> unixListeners,
                             VirtualHost mainServer,
                             List<VirtualHost> virtualHosts,
                             List<ConfigNode> serverDirectives) {

  public TailgateConfig {
    listeners = List.copyOf(listeners);
    unixListeners = List.copyOf(unixListeners);
    virtualHosts = List.copyOf(virtualHosts);
    serverDirectives = List.copyOf(serverDirectives);
  }

  /**
   * The host that serves a request, as httpd picks it: vhosts bound to the connection's exact
   * local address first, else the {@code *} ones for the port; among them the first whose
   * ServerName/ServerAlias equals the SNI name or Host header, else the first of them (the
   * default for that address); the main server when no vhost is bound to the address.
   *
   * @param hostName SNI name or Host header, with or without port; null or blank when absent
   */
  public VirtualHost select(InetAddress localAddress, int localPort, String hostName) {
    return VirtualHostSelector.select(this, localAddress, localPort, hostName);
  }

  /** Server-config directives kept raw for a later compiler, by name (case-insensitive). */
  public List<ConfigNode> serverDirectives(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return serverDirectives.stream().filter(n -> n.name().toLowerCase(Locale.ROOT).equals(wanted)).toList();
  }
}
