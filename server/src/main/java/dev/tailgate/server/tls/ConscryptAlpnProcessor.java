package dev.tailgate.server.tls;

import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
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
    Conscrypt.setApplicationProtocolSelector(
        engine,
        new ApplicationProtocolSelector() {
          @Override
          public String selectApplicationProtocol(SSLEngine e, List<String> offered) {
            alpn.select(offered);
            return alpn.getProtocol();
          }

          @Override
          public String selectApplicationProtocol(SSLSocket socket, List<String> offered) {
            throw new UnsupportedOperationException("tailgate's connectors use engines");
          }
        });
    SslConnection tls = ((SslConnection.SslEndPoint) alpn.getEndPoint()).getSslConnection();
    // Jetty closes only the outbound side; Conscrypt frees its native session once both sides are
    // closed, and otherwise only when the collector finalises the engine. Closing inbound too frees
    // it with the connection. (It did not bound RSS under handshake churn: still ~700 MiB against
    // the JDK's ~190 in bench run 1717; see TlsProvider.)
    tls.addEventListener(
        new Connection.Listener() {
          @Override
          public void onClosed(Connection closed) {
            try {
              engine.closeInbound();
            } catch (SSLException peerDidNotSayGoodbye) {
              // expected when the peer left without close_notify: the session is freed all the same
            }
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
}
