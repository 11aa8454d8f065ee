package dev.tailgate.server.testing;

import dev.tailgate.config.ConfigLoader;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.server.http.AccessGate;
import dev.tailgate.server.runtime.StandardModules;
import dev.tailgate.server.runtime.TailgateServer;
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
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one server harness: a real tailgate on a free loopback port, with certificates from a test CA
 * in its own directory, and real clients that trust that CA and resolve every name to 127.0.0.1 (so
 * SNI and Host carry the test host names), optionally connecting from a loopback alias (127.0.0.2
 * "is" icing's laptop in the example tailnet). Nothing is mocked.
 *
 * <p>Register it with {@code @RegisterExtension} and it closes after each test; or use it in a
 * try-with-resources block. In configuration text, {@code @DIR@} is the harness's directory and
 * {@code @PORT@} its port.
 */
public final class TailgateHarness implements AfterEachCallback, AutoCloseable {
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  public final Path dir;
  public final int port = freePort();
  public final TestCertificateAuthority ca = new TestCertificateAuthority();
  private final UnaryOperator<TailgateServer.Builder> options;
  private final List<HttpClient> clients = new ArrayList<>();
  private HttpClient client;
  private HttpClient http1Client;
  private TailgateServer server;

  private TailgateHarness(UnaryOperator<TailgateServer.Builder> options) {
    this.options = options;
    try {
      dir = Files.createTempDirectory("tailgate-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Access rules as in production (tailscale rules ask the configured tailscaled); a whois gives up
   * after 2 s and a stop drains for 1 s, so a failing test fails fast.
   */
  public static TailgateHarness authenticating() {
    return new TailgateHarness(
        b -> b.whoisTimeout(Duration.ofSeconds(2)).drain(Duration.ofSeconds(1)));
  }

  /** No tailscaled behind the access rules: for tests of the front door itself. */
  public static TailgateHarness open() {
    return new TailgateHarness(b -> b.accessGate(AccessGate.OPEN, Map.of()));
  }

  /** The production defaults, adjusted by {@code options}. */
  public static TailgateHarness with(UnaryOperator<TailgateServer.Builder> options) {
    return new TailgateHarness(options);
  }

  /**
   * Issues a certificate for {@code name} and writes it as {@code name.crt} and {@code name.key}.
   */
  public IssuedCertificate certificate(String name) throws IOException {
    IssuedCertificate issued = ca.issue(name);
    Files.writeString(dir.resolve(name + ".crt"), issued.chainPem(), StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve(name + ".key"), issued.keyPem(), StandardCharsets.US_ASCII);
    return issued;
  }

  /** Writes {@code content} to {@code relative} under the harness's directory. */
  public Path file(String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  /** Writes {@code tailgate.conf}, with {@code @DIR@} and {@code @PORT@} filled in. */
  public Path writeConfig(String text) throws IOException {
    return file(
        "tailgate.conf",
        text.replace("@DIR@", dir.toString()).replace("@PORT@", Integer.toString(port)));
  }

  public static TailgateConfig load(Path config) throws Exception {
    return new ConfigLoader(Map.of(), StandardModules.registry()).load(config);
  }

  /** Writes and loads {@code configText}, then starts tailgate on it. */
  public TailgateServer start(String configText) throws Exception {
    server = options.apply(TailgateServer.builder(load(writeConfig(configText)))).start();
    return server;
  }

  public TailgateServer server() {
    return server;
  }

  /**
   * A name-based TLS virtual host on this harness's port, with the certificate {@link #certificate}
   * wrote for {@code name}, and {@code body} inside it.
   */
  public String tlsVirtualHost(String name, String body) {
    return "<VirtualHost *:@PORT@>\n"
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

  public String url(String host, String pathAndQuery) {
    return "https://" + host + ":" + port + pathAndQuery;
  }

  /** The test CA's trust store, for raw TLS clients. */
  public KeyStore trustStore() throws Exception {
    return ca.trustStore();
  }

  /**
   * The shared HTTP/1.1 and HTTP/2 client (ALPN picks HTTP/2); redirects are not followed, so tests
   * see them.
   */
  public HttpClient client() throws Exception {
    if (client == null) {
      client = newClient(null, TestClients.Protocols.HTTP1_AND_HTTP2);
    }
    return client;
  }

  /** The shared HTTP/1.1-only client, for what differs there (WebSocket's Upgrade handshake). */
  public HttpClient http1Client() throws Exception {
    if (http1Client == null) {
      http1Client = newClient(null, TestClients.Protocols.HTTP1);
    }
    return http1Client;
  }

  /** A fresh HTTP/1.1 and HTTP/2 client of its own (a new TLS session), closed with the harness. */
  public HttpClient newClient() throws Exception {
    return newClient(null, TestClients.Protocols.HTTP1_AND_HTTP2);
  }

  /** A client of its own, closed with the harness. */
  public HttpClient newClient(String source, TestClients.Protocols protocols) throws Exception {
    HttpClient http = TestClients.start(ca.trustStore(), source, protocols);
    clients.add(http);
    return http;
  }

  /** An HTTP/1.1 client whose connections come from {@code source}, e.g. 127.0.0.2. */
  public HttpClient clientFrom(String source) throws Exception {
    return newClient(source, TestClients.Protocols.HTTP1);
  }

  /** The same, preferring HTTP/2 (one connection, many streams). */
  public HttpClient http2ClientFrom(String source) throws Exception {
    return newClient(source, TestClients.Protocols.HTTP2_FIRST);
  }

  /** A raw HTTP/1.1-over-TLS connection from {@code source} to {@code host}. */
  public RawHttp raw(String source, String host) throws Exception {
    return RawHttp.tls(source, port, host, ca.trustStore());
  }

  /** Stops the server, so its logs are complete. */
  public void stop() throws Exception {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /**
   * A port free now, below Linux's ephemeral range (32768 and up): a port the kernel hands out
   * would soon be some client's source port too, and a server started a moment later could find it
   * taken ("Address already in use"). Never the same port twice in one JVM: two draws checked free
   * before either was bound collided once (pebble's management port and another server's).
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
      if (!HANDED_OUT.add(port)) {
        // drawn before in this JVM: free now, but its owner may not have bound it yet
        continue;
      }
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        return port;
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port between 20000 and 32000");
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    close();
  }

  @Override
  public void close() throws Exception {
    for (HttpClient http : clients) {
      http.stop();
    }
    clients.clear();
    client = null;
    http1Client = null;
    stop();
  }
}
