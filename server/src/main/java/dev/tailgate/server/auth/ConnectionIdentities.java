package dev.tailgate.server.auth;

import dev.tailgate.auth.identity.PeerIdentities;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;

/**
 * Keeps a connection's {@link PeerIdentities} on the connection itself (Jetty's connection metadata
 * is one object per HTTP/1 or HTTP/2 connection), so the cache dies with the connection and no
 * global map needs evicting.
 */
final class ConnectionIdentities {
  private static final String ATTRIBUTE = PeerIdentities.class.getName();

  private ConnectionIdentities() {}

  static PeerIdentities of(Request request) {
    ConnectionMetaData connection = request.getConnectionMetaData();
    Object existing = connection.getAttribute(ATTRIBUTE);
    if (existing instanceof PeerIdentities identities) {
      return identities;
    }
    synchronized (connection) {
      existing = connection.getAttribute(ATTRIBUTE);
      if (existing instanceof PeerIdentities identities) {
        return identities;
      }
      PeerIdentities created = new PeerIdentities();
      connection.setAttribute(ATTRIBUTE, created);
      return created;
    }
  }
}
