package dev.tailgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.cli.demo.EchoBackend;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.server.runtime.StandardModules;
import dev.tailgate.server.runtime.TailgateServer;
import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestClients;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaledExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tailgate proxy}: the name from tailscaled, and a configuration that really serves. */
class ProxyCommandTest {
  @RegisterExtension
  final FakeTailscaledExtension tailscaled = new FakeTailscaledExtension(FakeTailnet::example);

  @TempDir Path state;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = TailgateCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void theNameComesFromTailscaledAndTheGeneratedConfigurationServesTheBackend() throws Exception {
    int port = TailgateHarness.freePort();
    try (EchoBackend backend = new EchoBackend()) {
      int status =
          run(
              "proxy",
              "--to",
              "http://127.0.0.1:" + backend.port(),
              "--port",
              Integer.toString(port),
              "--state-dir",
              state.toString(),
              "--socket",
              tailscaled.get().socketPath().toString(),
              "--print-config");

      assertThat(status).as(err.toString()).isZero();
      assertThat(out.toString())
          .contains("<MDomain vps.headless-chicken.ts.net>")
          .contains("ServerName vps.headless-chicken.ts.net")
          .contains("ProxyPass / http://127.0.0.1:" + backend.port() + "/");

      Path file =
          Files.writeString(
              state.resolve("proxy.conf"),
              out.toString().replace("Listen " + port, "Listen 127.0.0.1:" + port));
      TailgateConfig config = StandardModules.loader().load(file);
      try (TailgateServer server =
          TailgateServer.builder(config).drain(Duration.ofSeconds(1)).start()) {
        org.eclipse.jetty.client.HttpClient client =
            TestClients.start(
                tailscaled.get().ca().trustStore(), null, TestClients.Protocols.HTTP1);
        try {
          String body = awaitOk(client, "https://vps.headless-chicken.ts.net:" + port + "/hello");

          assertThat(body)
              .contains("echo backend received: GET /hello")
              .contains("X-Forwarded-Proto: https");
        } finally {
          client.stop();
        }
      }
    }
  }

  @Test
  void aNameTailscaledCannotIssueForIsRefusedWithTheAllowedOnes() {
    int status =
        run(
            "proxy",
            "--to",
            "http://127.0.0.1:3000",
            "--name",
            "other.example.com",
            "--socket",
            tailscaled.get().socketPath().toString(),
            "--print-config");

    assertThat(status).isEqualTo(1);
    assertThat(err.toString())
        .contains(
            "cannot issue a certificate for other.example.com; it can for: vps.headless-chicken.ts.net");
  }

  @Test
  void httpsOffForTheTailnetSaysWhereToTurnItOn() {
    tailscaled.get().faults().httpsDisabled(true);

    int status =
        run(
            "proxy",
            "--to",
            "http://127.0.0.1:3000",
            "--socket",
            tailscaled.get().socketPath().toString());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("admin console");
  }

  /**
   * The certificate arrives in the background; until then the stand-in fails verification or
   * answers 503.
   */
  private static String awaitOk(org.eclipse.jetty.client.HttpClient client, String url)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (; ; ) {
      try {
        org.eclipse.jetty.client.ContentResponse response = client.GET(url);
        if (response.getStatus() == 200) {
          return response.getContentAsString();
        }
      } catch (java.util.concurrent.ExecutionException stillTheStandIn) {
        // the self-signed stand-in is served until the real certificate is installed
      }
      assertThat(System.nanoTime()).as("waiting for the managed certificate").isLessThan(deadline);
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
  }
}
