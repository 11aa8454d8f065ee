package dev.tailgate.server.runtime;

import dev.tailgate.config.ConfigLoader;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.server.http.AccessGate;
import dev.tailgate.server.testing.TestClients;
import dev.tailgate.testkit.ca.IssuedCertificate;
import dev.tailgate.testkit.ca.TestCertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;

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

  /**
   * Issues a certificate for {@code name} and writes it as {@code name.crt} and {@code name.key}.
   */
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
    return new ConfigLoader(Map.of(), StandardModules.registry()).load(config);
  }

  TailgateServer start(String configText) throws Exception {
    server =
        TailgateServer.builder(load(writeConfig(configText)))
            .accessGate(AccessGate.OPEN, Map.of())
            .start();
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
    return TestClients.start(ca.trustStore(), null, TestClients.Protocols.HTTP1_AND_HTTP2);
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
}
