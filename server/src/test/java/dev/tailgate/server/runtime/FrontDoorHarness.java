package dev.tailgate.server.runtime;

import dev.tailgate.server.config.ConfigLoader;
import dev.tailgate.server.config.model.TailgateConfig;
import dev.tailgate.testkit.ca.IssuedCertificate;
import dev.tailgate.testkit.ca.TestCertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A real tailgate on loopback with real certificates from the test CA, and real HTTP clients that
 * resolve every name to 127.0.0.1 (so SNI carries the test host names). Nothing is mocked.
 */
final class FrontDoorHarness implements AutoCloseable {
  final Path dir;
  final TestCertificateAuthority ca = new TestCertificateAuthority();
  private TailgateServer server;
  private HttpClient client;

  FrontDoorHarness() throws IOException {
    dir = Files.createTempDirectory("tailgate-front");
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Issues a certificate for {@code name} and writes it as {@code name.crt} and {@code name.key}. */
  IssuedCertificate certificate(String name) throws IOException {
    IssuedCertificate issued = ca.issue(name);
    Files.writeString(dir.resolve(name + ".crt"), issued.chainPem(), StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve(name + ".key"), issued.keyPem(), StandardCharsets.US_ASCII);
    return issued;
  }

  Path file(String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  Path writeConfig(String text) throws IOException {
    return file("tailgate.conf", text.replace("@DIR@", dir.toString()));
  }

  TailgateConfig load(Path config) throws Exception {
    return new ConfigLoader(Map.of(), dev.tailgate.server.config.StandardModules.registry()).load(config);
  }

  TailgateServer start(String configText) throws Exception {
    server = TailgateServer.start(load(writeConfig(configText)));
    return server;
  }

  TailgateServer server() {
    return server;
  }

  /** HTTP/1.1 and HTTP/2 client trusting the test CA, resolving every host to 127.0.0.1. */
  HttpClient client() throws Exception {
    if (client == null) {
      client = newClient();
    }
    return client;
  }

  HttpClient newClient() throws Exception {
    SslContextFactory.Client tls = new SslContextFactory.Client();
    tls.setTrustStore(ca.trustStore());
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(tls);
    HTTP2Client http2 = new HTTP2Client(connector);
    HttpClient http =
        new HttpClient(
            new HttpClientTransportDynamic(
                connector,
                org.eclipse.jetty.client.transport.HttpClientConnectionFactory.HTTP11,
                new ClientConnectionFactoryOverHTTP2.HTTP2(http2)));
    http.setSocketAddressResolver(new LoopbackResolver());
    http.setFollowRedirects(false);
    http.start();
    return http;
  }

  @Override
  public void close() throws Exception {
    if (client != null) {
      client.stop();
    }
    if (server != null) {
      server.close();
    }
  }

  /** Every name is this machine, so tests can use real host names in URLs and SNI. */
  static final class LoopbackResolver implements SocketAddressResolver {
    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
      try {
        // keep the asked-for name on the address: it is what the TLS engine sends as SNI and verifies
        java.net.InetAddress loopback = java.net.InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1});
        promise.succeeded(List.of(new InetSocketAddress(loopback, port)));
      } catch (java.net.UnknownHostException e) {
        promise.failed(e);
      }
    }
  }
}
