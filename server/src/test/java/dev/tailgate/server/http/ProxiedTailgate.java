package dev.tailgate.server.http;

import dev.tailgate.config.ConfigLoader;
import dev.tailgate.server.runtime.StandardModules;
import dev.tailgate.server.runtime.TailgateServer;
import dev.tailgate.server.testing.TestClients;
import dev.tailgate.testkit.ca.IssuedCertificate;
import dev.tailgate.testkit.ca.TestCertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;

/**
 * A real tailgate on loopback serving TLS with certificates from the test CA, and a real client
 * that trusts that CA and resolves every name to 127.0.0.1, so SNI and Host carry the test host
 * names.
 */
final class ProxiedTailgate implements AutoCloseable {
  final int port = freePort();
  private final Path dir;
  private final TestCertificateAuthority ca = new TestCertificateAuthority();
  private TailgateServer server;
  private HttpClient client;
  private HttpClient http1Client;

  ProxiedTailgate() throws IOException {
    dir = Files.createTempDirectory("tailgate-proxy");
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a certificate for {@code name} as {@code @DIR@/name.crt} and {@code @DIR@/name.key}. */
  void certificate(String name) throws IOException {
    IssuedCertificate issued = ca.issue(name);
    Files.writeString(dir.resolve(name + ".crt"), issued.chainPem(), StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve(name + ".key"), issued.keyPem(), StandardCharsets.US_ASCII);
  }

  Path dir() {
    return dir;
  }

  /**
   * A name-based TLS virtual host on this fixture's port, with the certificate {@link #certificate}
   * wrote for {@code name}, and {@code body} inside it.
   */
  String tlsVirtualHost(String name, String body) {
    return "<VirtualHost *:"
        + port
        + ">\n"
        + "  ServerName "
        + name
        + "\n"
        + "  SSLEngine on\n"
        + "  SSLCertificateFile @DIR@/"
        + name
        + ".crt\n"
        + "  SSLCertificateKeyFile @DIR@/"
        + name
        + ".key\n"
        + body
        + "</VirtualHost>\n";
  }

  /** The test CA's trust store, for raw TLS clients. */
  KeyStore trustStore() throws Exception {
    return ca.trustStore();
  }

  void file(String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  /** Starts tailgate on {@code config}, where {@code @DIR@} is this fixture's directory. */
  void start(String config) throws Exception {
    Path file = dir.resolve("tailgate.conf");
    Files.writeString(file, config.replace("@DIR@", dir.toString()), StandardCharsets.UTF_8);
    server =
        TailgateServer.builder(new ConfigLoader(Map.of(), StandardModules.registry()).load(file))
            .accessGate(AccessGate.OPEN, Map.of())
            .start();
  }

  String url(String host, String pathAndQuery) {
    return "https://" + host + ":" + port + pathAndQuery;
  }

  /**
   * HTTP/1.1 and HTTP/2 client (ALPN picks HTTP/2); redirects are not followed, so tests see them.
   */
  HttpClient client() throws Exception {
    if (client == null) {
      client = TestClients.start(ca.trustStore(), null, TestClients.Protocols.HTTP1_AND_HTTP2);
    }
    return client;
  }

  /** A client that speaks HTTP/1.1 only, for what differs there (WebSocket's Upgrade handshake). */
  HttpClient http1Client() throws Exception {
    if (http1Client == null) {
      http1Client = TestClients.start(ca.trustStore(), null, TestClients.Protocols.HTTP1);
    }
    return http1Client;
  }

  @Override
  public void close() throws Exception {
    if (client != null) {
      client.stop();
    }
    if (http1Client != null) {
      http1Client.stop();
    }
    if (server != null) {
      server.close();
    }
  }
}
