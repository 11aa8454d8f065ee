package dev.tailgate.server.auth;

import dev.tailgate.auth.identity.IdentityResolver;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.ConnectionMetaData;

/**
 * Tells the identity caches when a client's HTTP connection closes, so that what was kept for that
 * one connection goes with it. Before, a whois answer for a client outside the tailnet idled in the
 * cache for five minutes after its connection: at a thousand new connections a second from loopback
 * that was the cache's bound of 50,000 answers held at all times, tens of MiB of old generation
 * that every full collection had to walk.
 *
 * <p>Jetty adds a connector's listeners to every connection it makes, the TLS layer's included;
 * only the HTTP/1.1 and HTTP/2 connections requests run on are {@link ConnectionMetaData}, and
 * those whose requests were looked up keep their key ({@link ConnectionPeer}). It runs on whichever
 * thread closes the connection, a selector among them: it only removes map entries.
 */
final class ClosedConnections implements Connection.Listener {
  private final IdentityResolver resolver;

  ClosedConnections(IdentityResolver resolver) {
    this.resolver = resolver;
  }

  @Override
  public void onClosed(Connection connection) {
    if (connection instanceof ConnectionMetaData metaData) {
      ConnectionPeer.kept(metaData).ifPresent(peer -> resolver.connectionClosed(peer.key()));
    }
  }
}
