package dev.tailgate.server.tls;

import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import org.conscrypt.ApplicationProtocolSelector;
import org.conscrypt.Conscrypt;
import org.eclipse.jetty.alpn.server.ALPNServerConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.ssl.ALPNProcessor;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.io.ssl.SslHandshakeListener;

/**
 * ALPN for Conscrypt's engines, found by Jetty's {@code ServiceLoader}: the client's protocols go
 * to Jetty's negotiation (HTTP/2, HTTP/1.1), and a handshake that offered none falls back to the
 * default protocol. Jetty's own Conscrypt module is not published where this project builds; this
 * is the part of it tailgate needs.
 */
public final class ConscryptAlpnProcessor implements ALPNProcessor.Server {

  @Override
  public void init() {
    Conscrypt.checkAvailability();
  }

  @Override
  public boolean appliesTo(SSLEngine engine) {
    return Conscrypt.isConscrypt(engine);
  }

  @Override
  public void configure(SSLEngine engine, Connection connection) {
    ALPNServerConnection alpn = (ALPNServerConnection) connection;
    Selector selector = new Selector(alpn);
    Conscrypt.setApplicationProtocolSelector(engine, selector);
    SslConnection tls = ((SslConnection.SslEndPoint) alpn.getEndPoint()).getSslConnection();
    tls.addEventListener(
        new Connection.Listener() {
          @Override
          public void onClosed(Connection closed) {
            selector.forget();
            ConscryptEngines.release(engine);
          }
        });
    tls.addHandshakeListener(
        new SslHandshakeListener() {
          @Override
          public void handshakeSucceeded(Event event) {
            if (alpn.getProtocol() == null) {
              alpn.unsupported();
            }
          }
        });
  }

  /**
   * Hands the client's protocols to Jetty's negotiation. It lets go of the connection once that
   * closes: Conscrypt's native session object has a finalizer, so an engine outlives its connection
   * by at least one collection, and whatever the engine reaches (through this selector, the whole
   * connection: endpoint, parser, buffers) survives with it, is promoted to the old generation and
   * waits there for a full collection. Under handshake churn that filled the old generation: 727
   * MiB RSS in bench run 2026-12-01-1703.
   */
  private static final class Selector extends ApplicationProtocolSelector {
    private volatile ALPNServerConnection alpn;

    Selector(ALPNServerConnection alpn) {
      this.alpn = alpn;
    }

    void forget() {
      alpn = null;
    }

    @Override
    public String selectApplicationProtocol(SSLEngine engine, List<String> offered) {
      ALPNServerConnection connection = alpn;
      if (connection == null) {
        return null;
      }
      connection.select(offered);
      return connection.getProtocol();
    }

    @Override
    public String selectApplicationProtocol(SSLSocket socket, List<String> offered) {
      throw new UnsupportedOperationException("tailgate's connectors use engines");
    }
  }
}
