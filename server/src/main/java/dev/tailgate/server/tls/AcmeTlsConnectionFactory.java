package dev.tailgate.server.tls;

import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.AbstractConnectionFactory;
import org.eclipse.jetty.server.Connector;

/**
 * The {@code acme-tls/1} protocol of ACME's tls-alpn-01 challenge (RFC 8737): offered by ALPN on
 * every HTTPS listener so a CA's validator can negotiate it. The whole answer is the certificate
 * the handshake presented ({@link SniKeyManager} picks the challenge certificate); after it the
 * connection is closed, as the RFC says, and no byte of HTTP is ever spoken on it.
 */
public final class AcmeTlsConnectionFactory extends AbstractConnectionFactory {
  public static final String PROTOCOL = "acme-tls/1";

  public AcmeTlsConnectionFactory() {
    super(PROTOCOL);
  }

  @Override
  public Connection newConnection(Connector connector, EndPoint endPoint) {
    return configure(new Closing(endPoint, connector), connector, endPoint);
  }

  private static final class Closing extends AbstractConnection {
    Closing(EndPoint endPoint, Connector connector) {
      super(endPoint, connector.getExecutor());
    }

    @Override
    public void onOpen() {
      super.onOpen();
      getEndPoint().close();
    }

    @Override
    public void onFillable() {
      getEndPoint().close();
    }
  }
}
