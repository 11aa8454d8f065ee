package dev.tailgate.server.auth;

import dev.tailgate.config.ConfigLoader;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.server.runtime.StandardModules;
import dev.tailgate.server.runtime.TailgateServer;
import dev.tailgate.server.testing.RecordingBackend;
import dev.tailgate.server.testing.TestClients;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.ca.IssuedCertificate;
import dev.tailgate.testkit.ca.TestCertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;

/**
 * A real tailgate with tailscale auth in front of a real backend, a real fake tailscaled, and real
 * clients that connect from a chosen loopback alias (127.0.0.2 "is" icing's laptop in the example
 * tailnet). TLS with SNI as in production; nothing is mocked.
 */
final class AuthHarness implements AutoCloseable {
  static final String HOST = "cgi.tailgate.test";

  final Path dir;
  final FakeTailscaled tailscaled;
  final RecordingBackend backend;
  final int port;
  private final TestCertificateAuthority ca = new TestCertificateAuthority();
  private final List<HttpClient> clients = new ArrayList<>();
  private TailgateServer server;

  AuthHarness(FakeTailscaled tailscaled) throws Exception {
    this.tailscaled = tailscaled;
    this.dir = Files.createTempDirectory("tailgate-auth");
    this.backend = new RecordingBackend();
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
    String config =
        "Listen 127.0.0.1:"
            + port
            + " https\n"
            + "AuthTailscaleURL "
            + tailscaled.socketPath()
            + "\n"
            + "AuthTailscaleHeader remote-user X-Remote-User\n"
            + "LogFormat \"%u %s\" user\n"
            + serverLines
            + "<VirtualHost *:"
            + port
            + ">\n"
            + "  ServerName "
            + HOST
            + "\n"
            + "  SSLEngine on\n"
            + "  SSLCertificateFile "
            + dir.resolve(HOST + ".crt")
            + "\n"
            + "  SSLCertificateKeyFile "
            + dir.resolve(HOST + ".key")
            + "\n"
            + "  CustomLog "
            + dir.resolve("access.log")
            + " user\n"
            + "  ProxyPass / http://127.0.0.1:"
            + backend.port()
            + "/\n"
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
    server =
        TailgateServer.builder(loaded)
            .whoisTimeout(Duration.ofSeconds(2))
            .drain(Duration.ofSeconds(1))
            .start();
    return server;
  }

  static TailgateConfig load(Path file) throws Exception {
    return new ConfigLoader(Map.of(), StandardModules.registry()).load(file);
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
    HttpClient http =
        TestClients.start(
            ca.trustStore(),
            bindAddress,
            http2First ? TestClients.Protocols.HTTP2_FIRST : TestClients.Protocols.HTTP1);
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
    backend.close();
  }
}
