package dev.tailgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestBackend;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tailgate run} as a real process: {@code tailgate reload} and SIGHUP with good and broken
 * files, and SIGTERM draining a request in flight.
 */
class ProcessLifecycleTest {
  private static final Duration STARTUP = Duration.ofSeconds(30);
  private static final Duration PATIENCE = Duration.ofSeconds(15);

  @TempDir Path dir;
  private Path config;
  private Path pidFile;
  private int port;
  private HttpClient client;
  private TailgateProcess tailgate;

  @BeforeEach
  void prepare() throws Exception {
    config = dir.resolve("tailgate.conf");
    pidFile = dir.resolve("tailgate.pid");
    port = TailgateHarness.freePort();
    Files.createDirectories(dir.resolve("v1"));
    Files.createDirectories(dir.resolve("v2"));
    Files.writeString(dir.resolve("v1/index.html"), "v1");
    Files.writeString(dir.resolve("v2/index.html"), "v2");
    client = new HttpClient();
    client.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (tailgate != null) {
      tailgate.close();
    }
    client.stop();
  }

  private void writeConfig(String root, String extra) throws IOException {
    Files.writeString(
        config,
        "Listen 127.0.0.1:" + port + " http\n" + "DocumentRoot " + dir.resolve(root) + "\n" + extra,
        StandardCharsets.UTF_8);
  }

  private void startTailgate() throws Exception {
    startTailgate(20);
  }

  private void startTailgate(int drainSeconds) throws Exception {
    awaitStarted(TailgateProcess.start(dir, runArgs(drainSeconds)));
  }

  private String[] runArgs(int drainSeconds) {
    return new String[] {"run", "-c=" + config, "--pid-file=" + pidFile, "--drain=" + drainSeconds};
  }

  private void awaitStarted(TailgateProcess started) throws Exception {
    tailgate = started;
    tailgate.awaitListening(port, STARTUP);
    Poll.until(PATIENCE, () -> Files.exists(pidFile), () -> "the pid file " + pidFile);
    assertThat(Files.readString(pidFile).trim()).isEqualTo(Long.toString(tailgate.pid()));
  }

  /** A request the backend holds until {@code releaseSlow}, once the backend has it. */
  private CompletableFuture<ContentResponse> sendSlowRequest(TestBackend backend) throws Exception {
    CompletableFuture<ContentResponse> slow =
        new CompletableResponseListener(
                client
                    .newRequest("http://127.0.0.1:" + port + "/api/slow")
                    .timeout(30, TimeUnit.SECONDS))
            .send();
    backend.awaitSlowRequest();
    return slow;
  }

  private String body() throws Exception {
    return client.GET("http://127.0.0.1:" + port + "/").getContentAsString();
  }

  private void awaitBody(String expected) {
    Poll.until(
        PATIENCE,
        () -> {
          try {
            return body().equals(expected);
          } catch (Exception e) {
            throw new AssertionError("tailgate stopped answering:\n" + tailgate.stderr(), e);
          }
        },
        () -> "\"" + expected + "\" served; tailgate's output:\n" + tailgate.stderr());
  }

  /** `tailgate reload`, run in this JVM as a user would run it in a shell. */
  private record Outcome(int exit, String out, String err) {}

  private Outcome reload() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = TailgateCommand.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int exit = command.execute("reload", "-c", config.toString(), "--pid-file", pidFile.toString());
    return new Outcome(exit, out.toString(), err.toString());
  }

  @Test
  void aServerStartedUnderNohupSaysItCannotReloadAndReloadRefusesToPretend() throws Exception {
    writeConfig("v1", "");
    awaitStarted(TailgateProcess.startUnderNohup(dir, runArgs(20)));
    assertThat(tailgate.stderr()).contains("SIGHUP is ignored in this process").contains("nohup");
    writeConfig("v2", "");

    Outcome reload = reload();

    assertThat(reload.exit()).isEqualTo(1);
    assertThat(reload.err())
        .contains("ignores SIGHUP")
        .contains("restart it without nohup")
        .doesNotContain("reload requested");
    assertThat(body()).isEqualTo("v1");
  }

  @Test
  void reloadServesTheEditedFile() throws Exception {
    writeConfig("v1", "");
    startTailgate();
    assertThat(body()).isEqualTo("v1");

    writeConfig("v2", "Header set X-Config two\n");
    Outcome reload = reload();

    assertThat(reload.exit()).as(reload.err()).isZero();
    assertThat(reload.out()).contains("pid " + tailgate.pid());
    awaitBody("v2");
    assertThat(client.GET("http://127.0.0.1:" + port + "/").getHeaders().get("X-Config"))
        .isEqualTo("two");
    tailgate.awaitStderr("configuration reloaded from " + config, PATIENCE);
  }

  @Test
  void aBrokenFileIsRefusedByReloadAndBySighupAndTheOldConfigurationKeepsServing()
      throws Exception {
    writeConfig("v1", "");
    startTailgate();
    writeConfig("v2", "Bogus on\n");

    Outcome reload = reload();

    assertThat(reload.exit()).isEqualTo(1);
    assertThat(reload.err())
        .contains(config + ":3: Bogus: unknown directive")
        .contains("the running server was not told to reload");
    assertThat(body()).isEqualTo("v1");

    tailgate.signal("HUP");

    tailgate.awaitStderr("reload rejected", PATIENCE);
    assertThat(tailgate.stderr()).contains(config + ":3: Bogus: unknown directive");
    assertThat(body()).isEqualTo("v1");
    assertThat(tailgate.isAlive()).isTrue();

    writeConfig("v2", "");
    tailgate.signal("HUP");
    awaitBody("v2");
  }

  @Test
  void aServerWithoutHttpsListenersNamesNoTlsEngine() throws Exception {
    writeConfig("v1", "");
    startTailgate();

    tailgate.signal("TERM");

    assertThat(tailgate.awaitExit(Duration.ofSeconds(20))).as(tailgate.stderr()).isZero();
    assertThat(tailgate.stderr()).contains("listening on").doesNotContain("TLS engine");
  }

  @Test
  void sigtermLetsTheRequestInFlightFinishRefusesNewConnectionsAndExitsZero() throws Exception {
    try (TestBackend backend = TestBackend.start()) {
      writeConfig("v1", "ProxyPass /api/ " + backend.url() + "\n");
      startTailgate();
      CompletableFuture<ContentResponse> slow = sendSlowRequest(backend);

      tailgate.signal("TERM");

      Poll.until(
          PATIENCE,
          () -> !TailgateProcess.accepts(port),
          () -> "port " + port + " refusing connections");
      assertThat(tailgate.isAlive()).as("still draining").isTrue();
      backend.releaseSlow();
      ContentResponse response = slow.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertThat(response.getStatus()).isEqualTo(200);
      assertThat(response.getContentAsString()).isEqualTo("slow done");
      assertThat(tailgate.awaitExit(Duration.ofSeconds(20))).as(tailgate.stderr()).isZero();
      assertThat(pidFile).doesNotExist();
    }
  }

  @Test
  void aRequestThatOutlastsTheDrainIsCutOffAndTheLogSaysHowToWaitLonger() throws Exception {
    try (TestBackend backend = TestBackend.start()) {
      writeConfig("v1", "ProxyPass /api/ " + backend.url() + "\n");
      startTailgate(1);
      CompletableFuture<ContentResponse> slow = sendSlowRequest(backend);

      tailgate.signal("TERM");

      assertThat(tailgate.awaitExit(Duration.ofSeconds(20))).as(tailgate.stderr()).isZero();
      assertThatThrownBy(() -> slow.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
          .as("the request still waiting on its backend when the drain ended")
          .isInstanceOf(ExecutionException.class);
      assertThat(tailgate.stderr())
          .contains("requests still in flight after the 1s drain were cut off")
          .contains("tailgate run --drain SECONDS")
          .doesNotContain("TimeoutException")
          .doesNotContain("Exception in thread");
      backend.releaseSlow();
    }
  }
}
