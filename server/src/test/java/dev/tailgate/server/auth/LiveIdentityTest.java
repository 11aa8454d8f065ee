package dev.tailgate.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.runtime.TailgateServer;
import dev.tailgate.server.testing.Await;
import dev.tailgate.server.testing.TestBackend;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.LocalApiRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Identity follows tailscaled as it changes, on connections that stay open: revocation and new
 * grants arrive through {@code watch-ipn-bus} within a second, with a cache timeout of an hour so
 * that nothing but the notification can explain it; and a busy daemon makes no known peer wait.
 */
class LiveIdentityTest {
  private static final String ICING = "127.0.0.2";
  private static final Duration WITHIN = Duration.ofSeconds(1);

  private FakeTailscaled tailscaled;
  private AuthSite site;

  @BeforeEach
  void start() throws Exception {
    tailscaled = FakeTailscaled.start(FakeTailnet.example());
    site = new AuthSite(tailscaled);
  }

  @AfterEach
  void stop() throws Exception {
    site.close();
    tailscaled.close();
  }

  private static int status(HttpClient client, String url) {
    try {
      return client.newRequest(url).timeout(10, TimeUnit.SECONDS).send().getStatus();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aRemovedDeviceLosesAccessOnItsOpenHttp1AndHttp2ConnectionsWithinASecond() throws Exception {
    site.start(
        "AuthTailscaleCacheTimeout 1h\n",
        "  <Location />\n    Require tailscale-user icing@github\n  </Location>\n");
    HttpClient http1 = site.clientFrom(ICING);
    HttpClient http2 = site.http2ClientFrom(ICING);
    assertThat(status(http1, site.url("/before"))).isEqualTo(200);
    ContentResponse viaHttp2 = http2.GET(site.url("/before"));
    assertThat(viaHttp2.getVersion()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(viaHttp2.getStatus()).isEqualTo(200);
    Await.until(
        "tailgate watches tailscaled",
        Duration.ofSeconds(10),
        () -> tailscaled.ipnBusWatchers() == 1);

    long removed = System.nanoTime();
    tailscaled.tailnet().removeNode("laptop");

    Await.until(
        "the HTTP/1.1 connection is refused",
        Duration.ofSeconds(5),
        () -> status(http1, site.url("/after")) >= 400);
    Await.until(
        "the HTTP/2 connection is refused",
        Duration.ofSeconds(5),
        () -> status(http2, site.url("/after")) >= 400);
    Duration took = Duration.ofNanos(System.nanoTime() - removed);

    assertThat(took).isLessThan(WITHIN);
    assertThat(status(http1, site.url("/later"))).isIn(401, 403);
    assertThat(status(http2, site.url("/later"))).isIn(401, 403);
  }

  @Test
  void aGrantAddedMidConnectionReachesTheBackendsHeaders() throws Exception {
    site.start(
        "AuthTailscaleCacheTimeout 1h\n",
        "  <Location />\n    AuthType tailscale\n    Require valid-user\n  </Location>\n");
    HttpClient http1 = site.clientFrom(ICING);
    assertThat(status(http1, site.url("/before"))).isEqualTo(200);
    assertThat(site.backend.take().header("Tailscale-App-Capabilities"))
        .doesNotContain("example.com/cap/deploy");
    Await.until(
        "tailgate watches tailscaled",
        Duration.ofSeconds(10),
        () -> tailscaled.ipnBusWatchers() == 1);

    long granted = System.nanoTime();
    tailscaled.tailnet().grant("laptop", "example.com/cap/deploy", "{\"env\":\"prod\"}");

    Await.until(
        "the grant reaches the backend",
        Duration.ofSeconds(5),
        () -> {
          status(http1, site.url("/after"));
          try {
            String caps = site.backend.take().header("Tailscale-App-Capabilities");
            return caps != null && caps.contains("example.com/cap/deploy");
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        });
    assertThat(Duration.ofNanos(System.nanoTime() - granted)).isLessThan(WITHIN);
  }

  @Test
  void aRestartedTailscaledIsWatchedAgainAndNoRequestPassesWithoutAnIdentity() throws Exception {
    HttpClient icing = icingServedAndWatched("1h", "/before");
    HttpClient stranger = site.clientFrom("127.0.0.9");

    tailscaled.down();
    List<Integer> strangers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      strangers.add(status(stranger, site.url("/during")));
    }
    tailscaled.up();
    Await.until(
        "the watch is back", Duration.ofSeconds(10), () -> tailscaled.ipnBusWatchers() == 1);
    tailscaled.tailnet().removeNode("laptop");
    Await.until(
        "icing's removal reaches the open connection",
        Duration.ofSeconds(5),
        () -> status(icing, site.url("/after")) >= 400);

    assertThat(strangers)
        .as("a stranger never gets in, with or without tailscaled")
        .allMatch(s -> s == 401 || s == 403 || s == 503);
    assertThat(site.backend.untouched() || noStrangerAtBackend()).isTrue();
  }

  @Test
  void aTailscaledThatComesBackAndLeavesAgainDoesNotCutOffTheIdentitiesItVouchedFor()
      throws Exception {
    HttpClient icing = icingServedAndWatched("1h", "/before");
    TailgateServer server = site.tailgate.server();
    // the watch counts as live, not just subscribed: the waits below follow that flag
    Await.until("the watch is live", Duration.ofSeconds(10), () -> watching(server));

    tailscaled.down();
    Await.until("the watch is lost", Duration.ofSeconds(10), () -> !watching(server));
    tailscaled.up();
    Await.until("the watch is back", Duration.ofSeconds(10), () -> watching(server));
    tailscaled.down();

    assertThat(status(icing, site.url("/away-again")))
        .as("icing's answer, within the cache timeout, while tailscaled is away again")
        .isEqualTo(200);
    assertThat(site.backend.take().target()).isEqualTo("/before");
    TestBackend.Received away = site.backend.take();
    assertThat(away.target()).isEqualTo("/away-again");
    assertThat(away.header("Tailscale-User-Login")).isEqualTo("icing@github");
  }

  /**
   * Starts the site with icing alone let in and answers kept for {@code cacheTimeout}, has icing's
   * connection served at {@code path}, and waits until tailgate watches tailscaled.
   */
  private HttpClient icingServedAndWatched(String cacheTimeout, String path) throws Exception {
    site.start(
        "AuthTailscaleCacheTimeout " + cacheTimeout + "\n",
        "  <Location />\n    Require tailscale-user icing@github\n  </Location>\n");
    HttpClient icing = site.clientFrom(ICING);
    assertThat(status(icing, site.url(path))).isEqualTo(200);
    Await.until(
        "tailgate watches tailscaled",
        Duration.ofSeconds(10),
        () -> tailscaled.ipnBusWatchers() == 1);
    return icing;
  }

  private static boolean watching(TailgateServer server) {
    return server.features().auth().flatMap(AuthFeature::changesArrive).orElse(false);
  }

  @Test
  void aDeviceRemovedWhileTailscaledWasAwayLosesAccessOnceTheWatchIsBack() throws Exception {
    HttpClient icing = icingServedAndWatched("1h", "/before");

    tailscaled.down();
    assertThat(status(icing, site.url("/during")))
        .as("within the cache timeout, the answer serves while tailscaled is away")
        .isEqualTo(200);
    // no notification can say so: nobody is subscribed
    tailscaled.tailnet().removeNode("laptop");
    tailscaled.up();
    Await.until(
        "the watch is back", Duration.ofSeconds(10), () -> tailscaled.ipnBusWatchers() == 1);

    Await.until(
        "the removal missed while away reaches the open connection, an hour before the cache"
            + " timeout",
        Duration.ofSeconds(5),
        () -> status(icing, site.url("/after")) >= 400);
    assertThat(status(icing, site.url("/later"))).isIn(401, 403);
  }

  private boolean noStrangerAtBackend() throws InterruptedException {
    while (!site.backend.untouched()) {
      TestBackend.Received received = site.backend.take();
      if (!"icing@github".equals(received.header("Tailscale-User-Login"))) {
        return false;
      }
    }
    return true;
  }

  @Test
  void withASlowDaemonNoRequestOnAKnownConnectionWaitsForIt() throws Exception {
    HttpClient icing = icingServedAndWatched("100ms", "/first");
    tailscaled.faults().slow(Duration.ofMillis(300), LocalApiRoute.WHOIS);

    List<Long> millis = new ArrayList<>();
    long end = System.nanoTime() + Duration.ofSeconds(2).toNanos();
    while (System.nanoTime() < end) {
      long start = System.nanoTime();
      assertThat(status(icing, site.url("/steady"))).isEqualTo(200);
      millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    List<Long> sorted = millis.stream().sorted().toList();
    System.out.printf(
        "LiveIdentityTest: %d requests on one connection while every whois took 300 ms: latency"
            + " p50 %d ms, p99 %d ms, max %d ms; %d whois in the background%n",
        sorted.size(),
        sorted.get(sorted.size() / 2),
        sorted.get(sorted.size() * 99 / 100),
        sorted.get(sorted.size() - 1),
        tailscaled.requests().to("whois").size());
    assertThat(tailscaled.requests().to("whois").size())
        .as("the answer was refreshed in the background")
        .isGreaterThan(1);
    assertThat(millis.stream().mapToLong(Long::longValue).max().orElseThrow())
        .as("no request waited for a 300 ms whois (latencies in ms: %s)", millis)
        .isLessThan(300);
  }

  @Test
  void aBurstOfNewConnectionsAgainstABusyDaemonWithAShortAcceptQueueGetsNo503() throws Exception {
    site.close();
    tailscaled.close();
    tailscaled =
        FakeTailscaled.builder()
            .tailnet(FakeTailnet.example())
            .socketPath(java.nio.file.Files.createTempDirectory("ts").resolve("s"))
            .backlog(2)
            .start();
    tailscaled.faults().slow(Duration.ofMillis(50), LocalApiRoute.WHOIS);
    site = new AuthSite(tailscaled);
    site.startWithRoot("Require tailscale-user icing@github");
    HttpClient burst = site.clientFrom(ICING);
    burst.setMaxConnectionsPerDestination(500);

    List<java.util.concurrent.CompletableFuture<ContentResponse>> sent = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      sent.add(
          new org.eclipse.jetty.client.CompletableResponseListener(
                  burst.newRequest(site.url("/burst/" + i)).timeout(60, TimeUnit.SECONDS))
              .send());
    }
    java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    for (java.util.concurrent.CompletableFuture<ContentResponse> response : sent) {
      statuses.merge(response.get(90, TimeUnit.SECONDS).getStatus(), 1, Integer::sum);
    }

    assertThat(statuses).as("status: count").containsExactly(java.util.Map.entry(200, 500));
    assertThat(tailscaled.requests().to("whois").size())
        .as("connections opened (one whois each, loopback being keyed by port)")
        .isGreaterThan(1);
  }
}
