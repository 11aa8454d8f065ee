package dev.tailgate.server.auth;

import dev.tailgate.auth.identity.PeerKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.eclipse.jetty.server.ConnectionMetaData;

/**
 * Who is at the other end of a client connection, as the identity caches know it: made at the
 * connection's first request that needs an identity and kept on the connection, like its identity
 * headers. Its requests then format no address and build no connection id (Jetty builds {@code
 * getId()} anew at every call), and its close finds the key whose answer goes with it.
 *
 * @param address the client's address and port (PROXY protocol's, where the listener takes it)
 * @param ip the address alone, as access rules compare it
 * @param key where the connection's whois answer is kept
 */
record ConnectionPeer(InetSocketAddress address, Optional<InetAddress> ip, PeerKey key) {
  private static final String ATTRIBUTE = ConnectionPeer.class.getName();

  /** What is kept on a connection: also its having no IP peer (a unix socket). */
  private record Kept(Optional<ConnectionPeer> peer) {}

  /**
   * @return empty for a connection without an IP peer (a unix socket), which no whois can name
   */
  static Optional<ConnectionPeer> of(ConnectionMetaData connection) {
    if (connection.getAttribute(ATTRIBUTE) instanceof Kept kept) {
      return kept.peer();
    }
    Optional<ConnectionPeer> peer = Optional.empty();
    if (connection.getRemoteSocketAddress() instanceof InetSocketAddress inet
        && inet.getAddress() != null) {
      peer =
          PeerKey.of(inet, Optional.of(connection.getId()))
              .map(key -> new ConnectionPeer(inet, Optional.of(inet.getAddress()), key));
    }
    connection.setAttribute(ATTRIBUTE, new Kept(peer));
    return peer;
  }

  /** The peer an earlier request kept on {@code connection}, without making one. */
  static Optional<ConnectionPeer> kept(ConnectionMetaData connection) {
    return connection.getAttribute(ATTRIBUTE) instanceof Kept kept ? kept.peer() : Optional.empty();
  }
}
