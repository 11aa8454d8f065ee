package dev.tailgate.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailgate.server.http.AccessGate;
import dev.tailgate.server.testing.TailgateHarness;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CustomLog lines written by a real server, read back after it stopped (a stop waits for every
 * request, and so for every log line).
 */
class AccessLogTest {
  private static final String TIME =
      "\\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}]";
  @RegisterExtension final TailgateHarness harness = TailgateHarness.open();
  private TailgateServer server;
  private int port;

  @BeforeEach
  void prepare() throws Exception {
    port = TailgateHarness.freePort();
    harness.certificate("vps.example.test");
    harness.file("site/index.html", "hello");
    Files.createDirectories(harness.dir.resolve("logs"));
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private String config(String logs) {
    return "Listen 127.0.0.1:"
        + port
        + " https\n"
        + "LogFormat \"%h %u %>s %r %{X-Test}i\" mine\n"
        + "<VirtualHost *:"
        + port
        + ">\n"
        + "  ServerName vps.example.test\n"
        + "  SSLEngine on\n"
        + "  SSLCertificateFile @DIR@/vps.example.test.crt\n"
        + "  SSLCertificateKeyFile @DIR@/vps.example.test.key\n"
        + "  DocumentRoot @DIR@/site\n"
        + logs
        + "</VirtualHost>\n";
  }

  private void start(String configText, AccessGate gate) throws Exception {
    server =
        TailgateServer.builder(TailgateHarness.load(harness.writeConfig(configText)))
            .accessGate(gate, Map.of())
            .drain(Duration.ofSeconds(5))
            .start();
  }

  private ContentResponse get(String path, String... headers) throws Exception {
    return harness
        .client()
        .newRequest("https://vps.example.test:" + port + path)
        .version(HttpVersion.HTTP_1_1)
        .headers(
            h -> {
              for (int i = 0; i < headers.length; i += 2) {
                h.put(headers[i], headers[i + 1]);
              }
            })
        .send();
  }

  /**
   * Stops the server, which waits for every request and so for every log line, then reads the log.
   */
  private List<String> linesAfterStop(String log) throws Exception {
    server.close();
    return Files.readAllLines(harness.dir.resolve("logs").resolve(log));
  }

  @Test
  void combinedAndCustomFormatsHaveHttpdsLineShapes() throws Exception {
    start(
        config(
            "  CustomLog @DIR@/logs/combined.log combined\n  CustomLog @DIR@/logs/mine.log mine\n"),
        AccessGate.OPEN);

    get(
        "/index.html?x=1",
        HttpHeader.REFERER.asString(),
        "https://ref.example/",
        HttpHeader.USER_AGENT.asString(),
        "probe/1.0",
        "X-Test",
        "a \"quoted\" value");
    get("/missing", HttpHeader.USER_AGENT.asString(), "probe/1.0");

    assertThat(linesAfterStop("combined.log"))
        .satisfiesExactly(
            line ->
                assertThat(line)
                    .matches(
                        "127\\.0\\.0\\.1 - - "
                            + TIME
                            + " \"GET /index\\.html\\?x=1 HTTP/1\\.1\" 200 5 \"https://ref\\.example/\" \"probe/1\\.0\""),
            line ->
                assertThat(line)
                    .matches(
                        "127\\.0\\.0\\.1 - - "
                            + TIME
                            + " \"GET /missing HTTP/1\\.1\" 404 \\d+ \"-\" \"probe/1\\.0\""));
    assertThat(Files.readAllLines(harness.dir.resolve("logs/mine.log")))
        .containsExactly(
            "127.0.0.1 - 200 GET /index.html?x=1 HTTP/1.1 a \\\"quoted\\\" value",
            "127.0.0.1 - 404 GET /missing HTTP/1.1 -");
  }

  @Test
  void theUserTheAccessGateAuthenticatedIsLoggedAsPercentU() throws Exception {
    AccessGate login =
        (request, response, callback, location, next) -> {
          request.setAttribute(AccessGate.USER_ATTRIBUTE, "alice@example.com");
          next.proceed(request);
        };
    start(config("  CustomLog @DIR@/logs/combined.log combined\n"), login);

    get("/index.html");

    assertThat(linesAfterStop("combined.log"))
        .singleElement()
        .asString()
        .matches(
            "127\\.0\\.0\\.1 - alice@example\\.com "
                + TIME
                + " \"GET /index\\.html HTTP/1\\.1\" 200 5 \"-\" \"Jetty/[^\"]+\"");
  }

  @Test
  void aReloadKeepsAppendingToTheLogItKeeps() throws Exception {
    String logs = "  CustomLog @DIR@/logs/mine.log mine\n";
    start(config(logs), AccessGate.OPEN);
    get("/index.html", "X-Test", "before");

    server.reload(
        TailgateHarness.load(harness.writeConfig(config(logs + "  Header set X-Reloaded yes\n"))));
    get("/index.html", "X-Test", "after");

    assertThat(linesAfterStop("mine.log"))
        .containsExactly(
            "127.0.0.1 - 200 GET /index.html HTTP/1.1 before",
            "127.0.0.1 - 200 GET /index.html HTTP/1.1 after");
  }

  @Test
  void bufferedLogsWriteWithinASecondAndLoseNothingWhenTheServerStops() throws Exception {
    String logs = "  CustomLog @DIR@/logs/mine.log mine\n";
    start("BufferedLogs On\n" + config(logs), AccessGate.OPEN);
    Path log = harness.dir.resolve("logs/mine.log");

    get("/index.html", "X-Test", "first");
    get("/index.html", "X-Test", "second");
    dev.tailgate.server.testing.Await.until(
        "the buffered lines written while the server runs",
        Duration.ofSeconds(10),
        () -> lines(log).size() == 2);

    get("/index.html", "X-Test", "last");

    assertThat(linesAfterStop("mine.log"))
        .containsExactly(
            "127.0.0.1 - 200 GET /index.html HTTP/1.1 first",
            "127.0.0.1 - 200 GET /index.html HTTP/1.1 second",
            "127.0.0.1 - 200 GET /index.html HTTP/1.1 last");
  }

  private static List<String> lines(Path log) {
    try {
      return Files.readAllLines(log);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void anUnsupportedFormatDirectiveIsRefusedAtLoadNamingTheLineAndNothingListens()
      throws Exception {
    Path config =
        harness.writeConfig(
            config("  LogFormat \"%h %k\" odd\n  CustomLog @DIR@/logs/odd.log odd\n"));

    assertThatThrownBy(
            () ->
                server =
                    TailgateServer.builder(TailgateHarness.load(config))
                        .accessGate(AccessGate.OPEN, Map.of())
                        .start())
        .isInstanceOf(dev.tailgate.config.syntax.ConfigException.class)
        .hasMessageContaining("tailgate.conf:10")
        .hasMessageContaining("%k is not supported");
    assertThat(harness.dir.resolve("logs/odd.log")).doesNotExist();
    assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
        .isInstanceOf(ConnectException.class);
  }
}
