package dev.tailgate.config.model;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * The validated configuration: what stage 2 produces and the runtime consumes. Immutable; a reload
 * builds a new one.
 *
 * @param serverRoot where relative paths were resolved from
 * @param mainServer answers when no virtual host matches the connection's address
 * @param modules what the features compiled from the whole configuration once it was read (the
 *     managed domains), under their keys
 */
public record TailgateConfig(
    Path mainFile,
    Path serverRoot,
    List<Listener> listeners,
    List<UnixListener> unixListeners,
    VirtualHost mainServer,
    List<VirtualHost> virtualHosts,
    ModuleValues modules) {

  public TailgateConfig {
    listeners = List.copyOf(listeners);
    unixListeners = List.copyOf(unixListeners);
    virtualHosts = List.copyOf(virtualHosts);
  }

  /**
   * The host that serves a request, as httpd picks it: vhosts bound to the connection's exact local
   * address first, else the {@code *} ones for the port; among them the first whose
   * ServerName/ServerAlias equals the SNI name or Host header, else the first of them (the default
   * for that address); the main server when no vhost is bound to the address.
   *
   * @param hostName SNI name or Host header, with or without port; null or blank when absent
   */
  public VirtualHost select(InetAddress localAddress, int localPort, String hostName) {
    return VirtualHostSelector.select(this, localAddress, localPort, hostName);
  }

  /** The same configuration with more feature results, for the compiler's last step. */
  public TailgateConfig with(ModuleValues results) {
    return new TailgateConfig(
        mainFile,
        serverRoot,
        listeners,
        unixListeners,
        mainServer,
        virtualHosts,
        modules.plus(results));
  }
}
