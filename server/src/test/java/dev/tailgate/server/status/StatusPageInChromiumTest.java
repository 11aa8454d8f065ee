package dev.tailgate.server.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.Await;
import dev.tailgate.server.testing.SystemProgram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status page as a person sees it: loaded from a running tailgate by headless Chromium
 * (Debian's {@code chromium}), its rendered DOM checked, and a screenshot kept in target/ (the one
 * in docs/ was taken this way).
 */
class StatusPageInChromiumTest {
  private OperatorSite site;
  private Path chromium;

  @BeforeEach
  void start() throws Exception {
    chromium =
        SystemProgram.find(
            "chromium",
            "chromium",
            List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser")));
    site = new OperatorSite();
  }

  @AfterEach
  void stop() throws Exception {
    if (site != null) {
      site.close();
    }
  }

  private String chromium(String... args) throws Exception {
    Path out = Files.createTempFile("chromium", ".out");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--user-data-dir=" + Files.createTempDirectory("chromium-profile"),
                "--ignore-certificate-errors",
                "--host-resolver-rules=MAP * 127.0.0.1"));
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(process.exitValue()).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  @Test
  void chromiumRendersCertificatesIdentityRefusalsAndListeners() throws Exception {
    assertThat(site.get("127.0.0.2", "/app/hello")).isEqualTo(200);
    assertThat(site.get("127.0.0.9", "/app/secret")).isEqualTo(403);
    Await.until(
        "the watch is live",
        Duration.ofSeconds(20),
        () -> site.body("/server-status").contains("<span class=\"ok\">live</span>"));

    String dom = chromium("--dump-dom", site.url("/server-status"));

    assertThat(dom).contains("<title>tailgate status</title>");
    assertThat(dom)
        .containsPattern(
            "<tr class=\"domain\"><td>"
                + OperatorSite.HOST.replace(".", "\\.")
                + "<br><small>tailscale")
        .contains(">valid</td>")
        .contains("<td id=\"watch\"><span class=\"ok\">live</span>")
        .containsPattern(
            "<tr class=\"denial\"><td>[^<]+</td><td>403</td><td>127\\.0\\.0\\.9:\\d+</td><td>GET /app/secret</td>")
        .containsPattern(
            "<tr class=\"listener\"><th>Listen</th><td>127\\.0\\.0\\.1:\\d+ https</td></tr>")
        .contains(OperatorSite.HOST + " on ");

    Path screenshot = Path.of("target", "status-page.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    chromium("--window-size=1200,900", "--screenshot=" + screenshot, site.url("/server-status"));
    byte[] png = Files.readAllBytes(screenshot);
    assertThat(png.length).isGreaterThan(10_000);
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  @Test
  void whatClientsSentIsEscapedNotRendered() throws Exception {
    assertThat(site.get("127.0.0.9", "/app/%3Cimg%20src=x%20onerror=alert(1)%3E"))
        .isIn(403, 404, 400);

    String dom = chromium("--dump-dom", site.url("/server-status"));

    assertThat(dom).doesNotContain("<img src=\"x\"").doesNotContain("<img src=x");
  }
}
