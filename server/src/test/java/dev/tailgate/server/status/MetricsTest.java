package dev.tailgate.server.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.Await;
import dev.tailgate.server.testing.SystemProgram;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code SetHandler metrics} after real traffic: each family counts what happened, and Prometheus'
 * own {@code promtool check metrics} (Debian's {@code prometheus} package) accepts the text.
 */
class MetricsTest {
  private OperatorSite site;

  @BeforeEach
  void start() throws Exception {
    site = new OperatorSite();
  }

  @AfterEach
  void stop() throws Exception {
    site.close();
  }

  private static double sample(String text, String name, String labels) {
    Matcher m =
        Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{" + labels + "\\} ([0-9.eE+-]+)$")
            .matcher(text);
    assertThat(m.find()).as(name + "{" + labels + "} in\n" + text).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void requestsIdentityCertificatesAndTheWatchAreCounted() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(site.get("127.0.0.2", "/app/" + i)).isEqualTo(200);
    }
    assertThat(site.get("127.0.0.9", "/app/x")).isEqualTo(403);
    Await.until(
        "the watch is live",
        Duration.ofSeconds(20),
        () -> site.body("/metrics").contains("tailgate_tailscaled_watch_live 1"));

    String text = site.body("/metrics");

    String vhost = "vhost=\"" + OperatorSite.HOST + "\"";
    assertThat(sample(text, "tailgate_http_requests_total", "code=\"2xx\"," + vhost))
        .isGreaterThanOrEqualTo(3);
    assertThat(sample(text, "tailgate_http_requests_total", "code=\"4xx\"," + vhost)).isEqualTo(1);
    assertThat(sample(text, "tailgate_http_request_duration_seconds_count", vhost))
        .isGreaterThanOrEqualTo(4);
    assertThat(sample(text, "tailgate_whois_total", "outcome=\"found\"")).isEqualTo(1);
    assertThat(sample(text, "tailgate_whois_total", "outcome=\"not_a_peer\"")).isEqualTo(1);
    assertThat(sample(text, "tailgate_identity_lookups_total", "served=\"hit\"")).isEqualTo(2);
    assertThat(sample(text, "tailgate_identity_lookups_total", "served=\"miss\"")).isEqualTo(2);
    assertThat(
            sample(
                text,
                "tailgate_certificate_expiry_timestamp_seconds",
                "domain=\"" + OperatorSite.HOST + "\""))
        .isGreaterThan(System.currentTimeMillis() / 1000.0);
    assertThat(
            sample(
                text,
                "tailgate_certificate_renewal_errors",
                "domain=\"" + OperatorSite.HOST + "\",state=\"valid\""))
        .isZero();
    assertThat(text).containsPattern("(?m)^tailgate_connections_active [1-9]");
    assertThat(text).contains("# TYPE tailgate_http_requests_total counter");
  }

  @Test
  void aRejectedReloadIsCountedApartFromAnAppliedOne() throws Exception {
    site.tailgate.server().reload(site.tailgate.server().config());

    String text = site.body("/metrics");

    assertThat(sample(text, "tailgate_reloads_total", "outcome=\"applied\"")).isEqualTo(1);
  }

  @Test
  void promtoolAcceptsTheText() throws Exception {
    Path promtool =
        SystemProgram.find("promtool", "prometheus", List.of(Path.of("/usr/bin/promtool")));
    site.get("127.0.0.2", "/app/x");
    String text = site.body("/metrics");

    Process check =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    check.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    check.getOutputStream().close();
    String said = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(check.exitValue()).as(said).isZero();
  }
}
