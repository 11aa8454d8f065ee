package dev.tailgate.server.auth.compile;

import dev.tailgate.config.model.ModuleKey;
import java.util.Set;

/**
 * {@code RemoteIPProxyProtocol}'s value: which listeners expect a PROXY header. The last line wins.
 *
 * @param ports empty with {@code on} for every listener
 */
public record ProxyProtocolPorts(boolean on, Set<Integer> ports) {
  public static final ModuleKey<ProxyProtocolPorts> KEY = ModuleKey.replacing("remoteip");

  public ProxyProtocolPorts {
    ports = Set.copyOf(ports);
  }

  /** Whether connections accepted on {@code port} start with a PROXY header. */
  public boolean enabledFor(int port) {
    return on && (ports.isEmpty() || ports.contains(port));
  }
}
