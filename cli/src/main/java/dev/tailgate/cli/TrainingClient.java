package dev.tailgate.cli;

import dev.tailgate.testkit.LoopbackResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnectionFactory;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTP client of {@link TrainCommand}: every name resolves to loopback and keeps its name, so
 * TLS sends it as SNI and checks the certificate against it; only the given roots are trusted; the
 * connection comes from {@code source}, so the fake tailnet knows whose device it is; HTTP/2 is
 * offered first (browsers and curl do), HTTP/1.1 as the fallback.
 */
final class TrainingClient {
  private TrainingClient() {}

  static HttpClient start(List<X509Certificate> roots, String source) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    for (int i = 0; i < roots.size(); i++) {
      trust.setCertificateEntry("root-" + i, roots.get(i));
    }
    SslContextFactory.Client tls = new SslContextFactory.Client();
    tls.setTrustStore(trust);
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(tls);
    connector.setBindAddress(new InetSocketAddress(InetAddress.getByName(source), 0));
    ClientConnectionFactory.Info http2 =
        new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector));
    HttpClient client =
        new HttpClient(
            new HttpClientTransportDynamic(connector, http2, HttpClientConnectionFactory.HTTP11));
    client.setSocketAddressResolver(LoopbackResolver.INSTANCE);
    client.start();
    return client;
  }
}
