package dev.tailgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestBackend;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The error log tells a client that went away from a backend that failed: an operator reading
 * "proxy to … failed" goes to look at the backend, so that line must mean the backend.
 */
class ClientGoneTest {
  private static final String VPS = "vps.example.test";

  private TestBackend backend;
  @RegisterExtension final TailgateHarness tailgate = TailgateHarness.open();
  private int deadPort;

  @BeforeEach
  void start() throws Exception {
    backend = TestBackend.start();
    deadPort = TailgateHarness.freePort();
    tailgate.certificate(VPS);
    tailgate.start(
        "Listen 127.0.0.1:"
            + tailgate.port
            + " https\n"
            + "ErrorLog @DIR@/error.log\n"
            + tailgate.tlsVirtualHost(
                VPS,
                "  CustomLog @DIR@/access.log \"%s %U\"\n"
                    + "  ProxyPass /app/ "
                    + backend.origin()
                    + "/backend/\n"
                    + "  ProxyPass /down/ http://127.0.0.1:"
                    + deadPort
                    + "/\n"));
  }

  @AfterEach
  void stop() throws Exception {
    backend.close();
  }

  @Test
  void anHttp2ClientThatLeavesMidResponseIsNotABackendFailure() throws Exception {
    CompletableFuture<Result> done = new CompletableFuture<>();
    tailgate
        .client()
        .newRequest(tailgate.url(VPS, "/app/stream-download?size=" + (64 * 1024 * 1024)))
        .version(HttpVersion.HTTP_2)
        .onResponseContent(
            (response, content) -> {
              backend.letDownloadContinue();
              response.abort(new IllegalStateException("the client has seen enough"));
            })
        .send(done::complete);
    assertThat(done.get(10, TimeUnit.SECONDS).isFailed()).isTrue();

    // the access log line is written when tailgate has finished with the request, failure handling
    // included
    awaitAccessLogLine("/app/stream-download");
    assertThat(errorLog()).doesNotContain("proxy to " + backend.origin());
  }

  @Test
  void aBackendThatIsDownIsStillAWarning() throws Exception {
    ContentResponse response = tailgate.client().GET(tailgate.url(VPS, "/down/page"));

    assertThat(response.getStatus()).isEqualTo(502);
    awaitAccessLogLine("/down/page");
    assertThat(errorLog())
        .contains("WARN")
        .contains("proxy to http://127.0.0.1:" + deadPort + " failed");
  }

  private String errorLog() throws Exception {
    return Files.readString(tailgate.dir.resolve("error.log"), StandardCharsets.UTF_8);
  }

  private void awaitAccessLogLine(String path) throws Exception {
    Path log = tailgate.dir.resolve("access.log");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(log) || !Files.readString(log).contains(path)) {
      assertThat(System.nanoTime()).as("an access log line for " + path).isLessThan(deadline);
      // the log is another component's output with no event to wait on; a short pause is the poll
      // interval
      Thread.onSpinWait();
    }
  }
}
