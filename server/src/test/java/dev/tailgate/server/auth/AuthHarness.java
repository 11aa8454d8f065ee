package dev.tailgate.server.auth;

import dev.tailgate.certs.CertRegistry;
import dev.tailgate.server.config.ConfigLoader;
import dev.tailgate.server.config.StandardModules;
import dev.tailgate.server.config.model.TailgateConfig;
import dev.tailgate.server.runtime.Features;
import dev.tailgate.server.runtime.TailgateServer;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.ca.IssuedCertificate;
import dev.tailgate.testkit.ca.TestCertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientConnectionFactory;
import org.eclipse.jetty.client.transport.HttpClientTransportDynamic;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.client.transport.ClientConnectionFactoryOverHTTP2;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A real tailgate with tailscale auth in front of a real backend, a real fake tailscaled, and real
 * clients that connect from a chosen loopback alias (127.0.0.2 "is" icing's laptop in the example
 * tailnet). TLS with SNI as in production; nothing is mocked.
 */
final class AuthHarness implements AutoCloseable {
  static final String HOST = "cgi.tailgate.test";

  final Path dir;
  final FakeTailscaled tailscaled;
  final EchoBackend backend;
  final int port;
  private final TestCertificateAuthority ca = new TestCertificateAuthority();
  private final List<HttpClient> clients = new ArrayList<>();
  private TailgateServer server;
  private AuthFeature auth;

  AuthHarness(FakeTailscaled tailscaled) throws Exception {
    this.tailscaled = tailscaled;
    this.dir = Files.createTempDirectory("tailgate-auth");
    this.backend = new EchoBackend();
    this.port = freePort();
    IssuedCertificate issued = ca.issue(HOST);
    Files.writeString(dir.resolve(HOST + ".crt"), issued.chainPem(), StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve(HOST + ".key"), issued.keyPem(), StandardCharsets.US_ASCII);
  }

  /**
   * Serves {@code HOST} over TLS, proxying everything to the backend.
   *
   * @param serverLines extra server-config lines
   * @param vhostLines extra lines inside the vhost (locations with their rules)
   */
  TailgateServer start(String serverLines, String vhostLines) throws Exception {
    String config = "Listen 127.0.0.1:" + port + " https\n"
        + "AuthTailscaleURL " + tailscaled.socketPath() + "\n"
        + "AuthTailscaleHeader remote-user X-Remote-User\n"
        + "LogFormat \"%u %s\" user\n"
        + serverLines
        + "<VirtualHost *:" + port + ">\n"
        + "  ServerName " + HOST + "\n"
        + "  SSLEngine on\n"
        + "  SSLCertificateFile " + dir.resolve(HOST + ".crt") + "\n"
        + "  SSLCertificateKeyFile " + dir.resolve(HOST + ".key") + "\n"
        + "  CustomLog " + dir.resolve("access.log") + " user\n"
        + "  ProxyPass / http://127.0.0.1:" + backend.port() + "/\n"
        + vhostLines
        + "</VirtualHost>\n";
    return startWith(config);
  }

  /** The example's simplest shape: {@code <Location />} holding {@code rules}. */
  TailgateServer startWithRoot(String rules) throws Exception {
    return start("", "  <Location />\n" + rules.indent(4) + "  </Location>\n");
  }

  TailgateServer startWith(String config) throws Exception {
    Path file = dir.resolve("tailgate.conf");
    Files.writeString(file, config, StandardCharsets.UTF_8);
    TailgateConfig loaded = load(file);
    auth = AuthFeature.create(loaded, Duration.ofSeconds(2));
    Features features = Features.create(loaded, new CertRegistry(), Clock.systemUTC(), auth.gate(), auth.handlers());
    server = TailgateServer.start(loaded, features, Duration.ofSeconds(1));
    return server;
  }

  static TailgateConfig load(Path file) throws Exception {
    return new ConfigLoader(Map.of(), StandardModules.registry()).load(file);
  }

  AuthFeature auth() {
    return auth;
  }

  String url(String path) {
    return "https://" + HOST + ":" + port + path;
  }

  /** An HTTP/1.1 client whose connections come from {@code bindAddress}, e.g. 127.0.0.2. */
  HttpClient clientFrom(String bindAddress) throws Exception {
    return client(bindAddress, false);
  }

  /** The same, preferring HTTP/2 (one connection, many streams). */
  HttpClient http2ClientFrom(String bindAddress) throws Exception {
    return client(bindAddress, true);
  }

  private HttpClient client(String bindAddress, boolean http2First) throws Exception {
    SslContextFactory.Client tls = new SslContextFactory.Client();
    tls.setTrustStore(ca.trustStore());
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(tls);
    connector.setBindAddress(new InetSocketAddress(bindAddress, 0));
    ClientConnectionFactoryOverHTTP2.HTTP2 h2 = new ClientConnectionFactoryOverHTTP2.HTTP2(new HTTP2Client(connector));
    HttpClient http = http2First
        ? new HttpClient(new HttpClientTransportDynamic(connector, h2, HttpClientConnectionFactory.HTTP11))
        : new HttpClient(new HttpClientTransportDynamic(connector, HttpClientConnectionFactory.HTTP11));
    http.setSocketAddressResolver(new LoopbackResolver());
    http.setFollowRedirects(false);
    http.start();
    // tailgate's 401 has no challenge, on purpose; Jetty's client would turn it into an exception
    http.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
    clients.add(http);
    return http;
  }

  /** Stops the server, so the access log is complete, and returns its lines. */
  List<String> stopAndReadAccessLog() throws Exception {
    server.close();
    server = null;
    return Files.readAllLines(dir.resolve("access.log"));
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws Exception {
    for (HttpClient client : clients) {
      client.stop();
    }
    if (server != null) {
      server.close();
    }
    if (auth != null) {
      auth.close();
    }
    backend.close();
  }

  /** Every name is 127.0.0.1, so URLs and SNI carry the test host name. */
  static final class LoopbackResolver implements SocketAddressResolver {
    @Override
    public void resolve(String host, int port, Map<String, Object> context, Promise<List<InetSocketAddress>> promise) {
      try {
        InetAddress loopback = InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1});
        promise.succeeded(List.of(new InetSocketAddress(loopback, port)));
      } catch (java.net.UnknownHostException e) {
        promise.failed(e);
      }
    }
  }
}
