package dev.tailgate.server.testing;

import dev.tailgate.testkit.LoopbackResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Real Jetty HTTP clients for tests against a real tailgate: every host name resolves to 127.0.0.1
 * but stays on the address, so URLs carry real names and TLS sends them as SNI and verifies them. A
 * client may be bound to a source address, which is how a test "is" a tailnet device.
 */
public final class TestClients {
  /** Which protocols the client offers, in ALPN preference order. */
  public enum Protocols {
    HTTP1,
    HTTP1_AND_HTTP2,
    HTTP2_FIRST
  }

  private TestClients() {}

  /**
   * A started client. Redirects are not followed and a 401 without challenge (tailgate's, like
   * httpd's) is a status, not an error.
   *
   * @param trust the CA to trust; null trusts anything (to see a stand-in certificate's 503)
   * @param source the local address to connect from; null for any
   */
  public static HttpClient start(KeyStore trust, String source, Protocols protocols)
      throws Exception {
    SslContextFactory.Client tls = new SslContextFactory.Client(trust == null);
    if (trust != null) {
      tls.setTrustStore(trust);
    } else {
      tls.setEndpointIdentificationAlgorithm(null);
    }
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(tls);
    if (source != null) {
      connector.setBindAddress(new InetSocketAddress(InetAddress.getByName(source), 0));
    }
    ClientConnectionFactory.Info http2 =
        new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector));
    HttpClientTransportDynamic transport =
        switch (protocols) {
          case HTTP1 ->
              new HttpClientTransportDynamic(connector, HttpClientConnectionFactory.HTTP11);
          case HTTP1_AND_HTTP2 ->
              new HttpClientTransportDynamic(connector, HttpClientConnectionFactory.HTTP11, http2);
          case HTTP2_FIRST ->
              new HttpClientTransportDynamic(connector, http2, HttpClientConnectionFactory.HTTP11);
        };
    HttpClient http = new HttpClient(transport);
    http.setSocketAddressResolver(LoopbackResolver.INSTANCE);
    http.setFollowRedirects(false);
    http.start();
    http.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
    return http;
  }
}
