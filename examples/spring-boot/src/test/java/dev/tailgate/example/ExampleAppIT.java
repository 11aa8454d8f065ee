package dev.tailgate.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged example, started as a user starts it ({@code java -jar … --server.port=PORT
 * --tailgate.socket=PATH}), against the fake tailscaled over its socket: once asking tailscaled
 * itself, once behind a running tailgate that sends the identity headers.
 */
class ExampleAppIT {
  private final FakeTailscaled tailscaled = FakeTailscaled.start(FakeTailnet.example());
  private final Clients clients = new Clients();
  private final List<Process> processes = new ArrayList<>();
  private TailgateHarness tailgate;

  @AfterEach
  void stop() throws Exception {
    clients.close();
    for (Process process : processes) {
      process.destroy();
      process.waitFor(20, TimeUnit.SECONDS);
    }
    if (tailgate != null) {
      tailgate.close();
    }
    tailscaled.close();
  }

  private String start(String... args) throws Exception {
    int port = TailgateHarness.freePort();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                System.getProperty("example.jar"),
                "--server.address=127.0.0.1",
                "--server.port=" + port,
                "--tailgate.socket=" + tailscaled.socketPath()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("example", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(process);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!accepts(port)) {
      assertThat(process.isAlive()).as(Files.readString(log)).isTrue();
      assertThat(System.nanoTime()).as("the example starts: " + Files.readString(log)).isLessThan(deadline);
      Thread.onSpinWait();
    }
    return "http://127.0.0.1:" + port;
  }

  private static boolean accepts(int port) {
    try (Socket ignored = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void askingTailscaledTheAppKnowsEachDeviceAndItsRulesHold() throws Exception {
    String app = start();

    ContentResponse icing = clients.get("127.0.0.2", app + "/whoami");
    assertThat(icing.getStatus()).isEqualTo(200);
    assertThat(icing.getContentAsString())
        .contains("\"login\":\"icing@github\"")
        .contains("\"node\":\"laptop.headless-chicken.ts.net.\"")
        .contains("example.com/cap/admin");
    assertThat(clients.get("127.0.0.4", app + "/ci/builds").getContentAsString())
        .isEqualTo("builds for ci-runner.headless-chicken.ts.net.\n");
    assertThat(clients.get("127.0.0.2", app + "/ci/builds").getStatus()).isEqualTo(403);
    assertThat(clients.get("127.0.0.9", app + "/whoami").getStatus()).isEqualTo(401);
    assertThat(clients.get("127.0.0.2", app + "/admin").getStatus()).isEqualTo(200);
    assertThat(clients.get("127.0.0.3", app + "/admin").getStatus()).isEqualTo(403);
    ContentResponse health = clients.get("127.0.0.1", app + "/actuator/health/tailscaled");
    assertThat(health.getContentAsString()).contains("\"status\":\"UP\"").contains("Running");

    tailscaled.faults().notLoggedIn(true);
    assertThat(clients.get("127.0.0.1", app + "/actuator/health/tailscaled").getContentAsString())
        .contains("\"status\":\"OUT_OF_SERVICE\"")
        .contains("NeedsLogin");

    tailscaled.down();
    assertThat(clients.get("127.0.0.1", app + "/actuator/health/tailscaled").getContentAsString())
        .contains("\"status\":\"DOWN\"")
        .contains("unreachable");
  }

  @Test
  void behindTailgateTheAppBelievesOnlyTheProxysHeaders() throws Exception {
    String app =
        start(
            "--tailgate.mode=trusted-proxy",
            "--tailgate.proxy=tailgate",
            "--tailgate.trusted-proxies=127.0.0.1");
    tailgate = TailgateHarness.authenticating();
    tailgate.certificate("app.tailgate.test");
    tailgate.start(
        "Listen 127.0.0.1:@PORT@ https\n"
            + "AuthTailscaleURL "
            + tailscaled.socketPath()
            + "\n"
            + tailgate.tlsVirtualHost(
                "app.tailgate.test",
                "  ProxyPass / "
                    + app
                    + "/\n"
                    + "  <Location />\n    AuthType tailscale\n    Require valid-user\n"
                    + "    Require tailscale-tag tag:ci\n"
                    + "  </Location>\n"));

    ContentResponse icing =
        tailgate.clientFrom("127.0.0.2").GET(tailgate.url("app.tailgate.test", "/whoami"));
    ContentResponse ci =
        tailgate.clientFrom("127.0.0.4").GET(tailgate.url("app.tailgate.test", "/ci/builds"));
    ContentResponse forged =
        clients
            .from("127.0.0.9", app + "/whoami")
            .headers(h -> h.add("Tailscale-User-Login", "icing@github"))
            .send();

    assertThat(icing.getStatus()).isEqualTo(200);
    assertThat(icing.getContentAsString()).contains("\"login\":\"icing@github\"");
    assertThat(ci.getContentAsString()).isEqualTo("builds for ci-runner.headless-chicken.ts.net.\n");
    assertThat(forged.getStatus()).isEqualTo(401);
  }
}
