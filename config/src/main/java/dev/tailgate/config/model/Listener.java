package dev.tailgate.config.model;

import dev.tailgate.config.syntax.SourceLocation;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A socket to accept connections on ({@code Listen}). TLS is a property of the listener, as in
 * httpd's protocol argument, so the runtime knows which connector to build before any vhost is
 * seen.
 *
 * @param address empty for all addresses
 * @param implicit true when derived from the vhosts because the config has no {@code Listen}
 */
public record Listener(
    Optional<InetAddress> address,
    int port,
    Protocol protocol,
    SourceLocation at,
    boolean implicit) {

  public enum Protocol {
    HTTP,
    HTTPS
  }

  public boolean accepts(InetAddress local, int localPort) {
    return port == localPort && address.map(a -> a.equals(local)).orElse(true);
  }

  @Override
  public String toString() {
    String host = address.map(Addresses::format).map(a -> a + ":").orElse("*:");
    return host + port + " " + protocol.name().toLowerCase(java.util.Locale.ROOT);
  }
}
