package dev.tailgate.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestBackend;
import dev.tailgate.testkit.ca.IssuedCertificate;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link TailgateServer#reload} while clients keep requesting: a good configuration takes over
 * without a failed request, a configuration that cannot be put to work changes nothing, and
 * listeners come and go with their {@code Listen} lines.
 */
class ReloadTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  @RegisterExtension final TailgateHarness harness = TailgateHarness.open();
  private int port;
  private IssuedCertificate other;

  @BeforeEach
  void start() throws Exception {
    port = TailgateHarness.freePort();
    harness.certificate("vps.example.test");
    other = harness.certificate("other.example.test");
    harness.file("v1/index.html", "v1");
    harness.file("v2/index.html", "v2");
    harness.file("other/index.html", "other");
    harness.start(listen(port, "https") + vps(port, "v1", "one"));
  }

  @AfterEach
  void stop() throws Exception {}

  private static String listen(int port, String protocol) {
    return "Listen 127.0.0.1:" + port + " " + protocol + "\n";
  }

  private static String vps(int port, String root, String marker) {
    return "<VirtualHost *:"
        + port
        + ">\n"
        + "  ServerName vps.example.test\n"
        + "  SSLEngine on\n"
        + "  SSLCertificateFile @DIR@/vps.example.test.crt\n"
        + "  SSLCertificateKeyFile @DIR@/vps.example.test.key\n"
        + "  DocumentRoot @DIR@/"
        + root
        + "\n"
        + "  Header set X-Config "
        + marker
        + "\n"
        + "</VirtualHost>\n";
  }

  private String url(String host, int port, String path) {
    return "https://" + host + ":" + port + path;
  }

  private RequestFlow flow() throws Exception {
    return new RequestFlow(harness.client(), url("vps.example.test", port, "/"), "X-Config", 4, 400)
        .start();
  }

  private TailgateConfig load(String text) throws Exception {
    return TailgateHarness.load(harness.writeConfig(text));
  }

  @Test
  void aGoodReloadUnderLoadFailsNoRequestAndServesTheNewConfiguration() throws Exception {
    TailgateConfig next =
        load(
            listen(port, "https")
                + vps(port, "v2", "two")
                + "<VirtualHost *:"
                + port
                + ">\n"
                + "  ServerName other.example.test\n"
                + "  SSLEngine on\n"
                + "  SSLCertificateFile @DIR@/other.example.test.crt\n"
                + "  SSLCertificateKeyFile @DIR@/other.example.test.key\n"
                + "  DocumentRoot @DIR@/other\n"
                + "</VirtualHost>\n");
    RequestFlow.Result result;
    try (RequestFlow flow = flow()) {
      flow.awaitCompletions(50, PATIENCE);
      harness.server().reload(next);
      flow.awaitCompletions(50, PATIENCE);
      result = flow.finish();
    }

    assertThat(result.failures()).isEmpty();
    assertThat(result.seen()).containsOnlyKeys("v1 one", "v2 two");
    ContentResponse vps = harness.client().GET(url("vps.example.test", port, "/"));
    assertThat(vps.getContentAsString()).isEqualTo("v2");
    assertThat(vps.getHeaders().get("X-Config")).isEqualTo("two");
    assertThat(harness.client().GET(url("other.example.test", port, "/")).getContentAsString())
        .isEqualTo("other");
    try (var probe = TlsProbe.connect("other.example.test", port, harness.ca)) {
      assertThat(probe.serial()).isEqualTo(other.serial());
    }
  }

  @Test
  void aDocumentRootThatVanishedBeforeTheReloadIsRejected() throws Exception {
    Path v3 = harness.dir.resolve("v3");
    Files.createDirectories(v3);
    TailgateConfig next = load(listen(port, "https") + vps(port, "v3", "three"));
    Files.delete(v3);

    StartupException rejected = rejectedUnderLoad(next);

    assertThat(rejected)
        .hasMessageContaining("tailgate.conf:2")
        .hasMessageContaining("DocumentRoot " + v3)
        .hasMessageContaining("is not a directory");
  }

  @Test
  void aCertificateWithAnotherHostsKeyIsRejected() throws Exception {
    TailgateConfig next =
        load(
            (listen(port, "https") + vps(port, "v2", "two"))
                .replace("@DIR@/vps.example.test.key", "@DIR@/other.example.test.key"));

    StartupException rejected = rejectedUnderLoad(next);

    assertThat(rejected)
        .hasMessageContaining("tailgate.conf:2")
        .hasMessageContaining("vps.example.test.crt")
        .hasMessageContaining("the private key does not match the certificate");
  }

  @Test
  void aPortInUseIsRejectedAndNoOtherNewListenerIsLeftOpen() throws Exception {
    int free = TailgateHarness.freePort();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int busy = taken.getLocalPort();
      TailgateConfig next =
          load(
              listen(port, "https")
                  + listen(free, "http")
                  + listen(busy, "http")
                  + vps(port, "v2", "two"));

      StartupException rejected = rejectedUnderLoad(next);

      assertThat(rejected)
          .hasMessageContaining("tailgate.conf:3")
          .hasMessageContaining("cannot listen on 127.0.0.1:" + busy)
          .hasMessageContaining("in use");
      assertRefused(free);
    }
  }

  @Test
  void anUnsupportedLogFormatIsRejectedAtLoadBeforeAnyReload() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                load(
                    listen(port, "https")
                        + "LogFormat \"%h %k\" odd\n"
                        + "CustomLog @DIR@/odd.log odd\n"
                        + vps(port, "v2", "two")))
        .isInstanceOf(dev.tailgate.config.syntax.ConfigException.class)
        .hasMessageContaining("tailgate.conf:3")
        .hasMessageContaining("%k is not supported");
    assertThat(harness.dir.resolve("odd.log")).doesNotExist();
  }

  /** Reloads {@code next} while clients request, expecting a rejection that changed nothing. */
  private StartupException rejectedUnderLoad(TailgateConfig next) throws Exception {
    TailgateConfig before = harness.server().config();
    StartupException rejected;
    RequestFlow.Result result;
    try (RequestFlow flow = flow()) {
      flow.awaitCompletions(50, PATIENCE);
      rejected = catchThrowableOfType(() -> harness.server().reload(next), StartupException.class);
      flow.awaitCompletions(50, PATIENCE);
      result = flow.finish();
    }

    assertThat(rejected).as("the reload was rejected").isNotNull();
    assertThat(result.failures()).isEmpty();
    assertThat(result.seen()).containsOnlyKeys("v1 one");
    assertThat(harness.server().config()).isSameAs(before);
    return rejected;
  }

  @Test
  void listenersComeAndGoWithTheirListenLines() throws Exception {
    int added = TailgateHarness.freePort();
    String mainRoot = "DocumentRoot @DIR@/v2\n";

    harness
        .server()
        .reload(
            load(
                listen(port, "https") + listen(added, "http") + mainRoot + vps(port, "v1", "one")));

    assertThat(harness.client().GET("http://127.0.0.1:" + added + "/").getContentAsString())
        .isEqualTo("v2");
    assertThat(harness.client().GET(url("vps.example.test", port, "/")).getContentAsString())
        .isEqualTo("v1");

    harness.server().reload(load(listen(added, "http") + mainRoot));

    assertNotServed(url("vps.example.test", port, "/"));
    assertThat(harness.client().GET("http://127.0.0.1:" + added + "/").getContentAsString())
        .isEqualTo("v2");
  }

  @Test
  void aRemovedListenerFinishesTheRequestInFlight() throws Exception {
    int kept = TailgateHarness.freePort();
    try (TestBackend backend = TestBackend.start()) {
      String proxy = "ProxyPass /api/ " + backend.url() + "\n";
      harness
          .server()
          .reload(
              load(
                  listen(port, "https")
                      + listen(kept, "http")
                      + proxy
                      + vps(port, "v1", "one")
                          .replace("</VirtualHost>", proxy + "</VirtualHost>")));
      Request slow =
          harness
              .client()
              .newRequest(url("vps.example.test", port, "/api/slow"))
              .timeout(20, TimeUnit.SECONDS);
      CompletableFuture<ContentResponse> answer = new CompletableResponseListener(slow).send();
      backend.awaitSlowRequest();

      harness.server().reload(load(listen(kept, "http") + proxy));
      assertNotServed(url("vps.example.test", port, "/api/fast"));
      backend.releaseSlow();

      ContentResponse response = answer.get(20, TimeUnit.SECONDS);
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getContentAsString()).isEqualTo("slow done");
      assertThat(
              harness.client().GET("http://127.0.0.1:" + kept + "/api/fast").getContentAsString())
          .isEqualTo(TestBackend.BODY);
    }
  }

  /**
   * A new client gets no answer from a removed listener. (Not "connect is refused": the kernel may
   * complete a handshake in the few microseconds until the acceptor thread leaves accept(), and
   * resets that connection right after.)
   */
  private void assertNotServed(String url) throws Exception {
    HttpClient fresh = harness.newClient();
    try {
      assertThatThrownBy(() -> fresh.newRequest(url).timeout(10, TimeUnit.SECONDS).send())
          .as("a new connection to %s", url)
          .isInstanceOf(ExecutionException.class);
    } finally {
      fresh.stop();
    }
  }

  /** For sockets that were never accepting: nothing answers at all. */
  private static void assertRefused(int port) {
    assertThatThrownBy(
            () -> {
              try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.getInputStream();
              }
            })
        .as("port %d refuses new connections", port)
        .isInstanceOf(ConnectException.class);
  }
}
