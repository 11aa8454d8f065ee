package dev.tailgate.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.Await;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One whois per connection and cache timeout, honoured per virtual host (httpd's module ignored it
 * there); a connection's answer goes when the connection closes.
 */
class WhoisCacheTest {
  /** icing's private location, and the status page on a location without access rules. */
  private static final String PRIVATE_AND_STATUS =
      """
        <Location /private>
          Require tailscale-user icing@github
        </Location>
        <Location /server-status>
          SetHandler server-status
        </Location>
      """;

  private static final Pattern CACHED_PEERS = Pattern.compile("id=\"cached-peers\">(\\d+)<");

  private FakeTailscaled tailscaled;
  private AuthSite harness;

  @BeforeEach
  void start() throws Exception {
    tailscaled = FakeTailscaled.start(FakeTailnet.example());
    harness = new AuthSite(tailscaled);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
    tailscaled.close();
  }

  private List<String> whoisAddresses() {
    return tailscaled.requests().to("whois").stream().map(r -> r.param("addr")).toList();
  }

  @Test
  void requestsOnOneKeepAliveConnectionShareOneWhoisKeyedByTheirIpAndPort() throws Exception {
    harness.start(
        "AuthTailscaleCacheTimeout 1h\n",
        "  <Location />\n    Require tailscale-user icing@github\n  </Location>\n");
    HttpClient icing = harness.clientFrom("127.0.0.2");

    for (int i = 0; i < 5; i++) {
      assertThat(icing.GET(harness.url("/" + i)).getStatus()).isEqualTo(200);
    }

    assertThat(whoisAddresses()).singleElement().asString().matches("127\\.0\\.0\\.2:\\d+");
  }

  @Test
  void concurrentStreamsOfANewHttp2ConnectionShareOneLookup() throws Exception {
    harness.start(
        "AuthTailscaleCacheTimeout 1h\n",
        "  <Location /private>\n    Require tailscale-user icing@github\n  </Location>\n");
    HttpClient fresh = harness.http2ClientFrom("127.0.0.2");
    // opens the one HTTP/2 connection without asking tailscaled anything
    ContentResponse open = fresh.GET(harness.url("/public"));
    assertThat(open.getVersion()).isEqualTo(org.eclipse.jetty.http.HttpVersion.HTTP_2);
    assertThat(whoisAddresses()).isEmpty();
    tailscaled.faults().slow(Duration.ofMillis(300));

    List<CompletableFuture<Integer>> statuses = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      CompletableFuture<Integer> status = new CompletableFuture<>();
      fresh
          .newRequest(harness.url("/private/" + i))
          .send(
              new BufferingResponseListener() {
                @Override
                public void onComplete(Result result) {
                  if (result.isFailed()) {
                    status.completeExceptionally(result.getFailure());
                  } else {
                    status.complete(result.getResponse().getStatus());
                  }
                }
              });
      statuses.add(status);
    }
    for (CompletableFuture<Integer> status : statuses) {
      assertThat(status.get(10, TimeUnit.SECONDS)).isEqualTo(200);
    }

    assertThat(whoisAddresses()).hasSize(1);
  }

  @Test
  void eachVirtualHostHasItsOwnCacheTimeoutAndZeroTurnsTheCacheOff() throws Exception {
    harness.start(
        "AuthTailscaleCacheTimeout 1h\n",
        """
          AuthTailscaleCacheTimeout 0
          <Location />
            Require tailscale-user icing@github
          </Location>
        """);
    HttpClient icing = harness.clientFrom("127.0.0.2");

    for (int i = 0; i < 3; i++) {
      ContentResponse response = icing.GET(harness.url("/"));
      assertThat(response.getStatus()).isEqualTo(200);
    }

    assertThat(whoisAddresses()).hasSize(3).allMatch(addr -> addr.equals(whoisAddresses().get(0)));
  }

  /**
   * A client outside the tailnet is known only per connection, so its answer is worth nothing once
   * the connection is gone. A stream of short connections from loopback (another proxy in front,
   * tailscaled's userspace networking, a script) used to leave every answer in the cache for five
   * idle minutes: up to its bound of 50,000, tens of MiB of heap at a thousand connections a
   * second.
   */
  @Test
  void shortConnectionsLeaveNoAnswersBehind() throws Exception {
    harness.start("AuthTailscaleCacheTimeout 1h\n", PRIVATE_AND_STATUS);
    HttpClient icing = harness.clientFrom("127.0.0.2");
    HttpClient operator = harness.clientFrom("127.0.0.3");

    for (int i = 0; i < 20; i++) {
      ContentResponse response =
          icing
              .newRequest(harness.url("/private/" + i))
              .headers(h -> h.put(HttpHeader.CONNECTION, "close"))
              .send();
      assertThat(response.getStatus()).isEqualTo(200);
    }

    assertThat(whoisAddresses()).as("one whois per connection").hasSize(20);
    Await.until(
        "the closed connections' answers are gone",
        Duration.ofSeconds(10),
        () -> cachedPeers(operator) == 0);
  }

  @Test
  void anOpenConnectionKeepsItsAnswerUntilItCloses() throws Exception {
    harness.start("AuthTailscaleCacheTimeout 1h\n", PRIVATE_AND_STATUS);
    HttpClient operator = harness.clientFrom("127.0.0.3");
    HttpClient http1 = harness.clientFrom("127.0.0.2");
    HttpClient http2 = harness.http2ClientFrom("127.0.0.2");
    for (int i = 0; i < 3; i++) {
      assertThat(http1.GET(harness.url("/private/" + i)).getStatus()).isEqualTo(200);
      ContentResponse overHttp2 = http2.GET(harness.url("/private/" + i));
      assertThat(overHttp2.getVersion()).isEqualTo(org.eclipse.jetty.http.HttpVersion.HTTP_2);
      assertThat(overHttp2.getStatus()).isEqualTo(200);
    }
    assertThat(cachedPeers(operator)).as("both connections open").isEqualTo(2);

    http2.stop();
    Await.until(
        "the HTTP/2 connection's answer is gone",
        Duration.ofSeconds(10),
        () -> cachedPeers(operator) == 1);
    assertThat(http1.GET(harness.url("/private/again")).getStatus()).isEqualTo(200);
    assertThat(whoisAddresses()).as("the open connection still uses its answer").hasSize(2);

    http1.stop();
    Await.until(
        "the HTTP/1.1 connection's answer is gone",
        Duration.ofSeconds(10),
        () -> cachedPeers(operator) == 0);
  }

  /** What the status page says, asked on a location without access rules (no lookup of its own). */
  private long cachedPeers(HttpClient client) {
    try {
      Matcher count =
          CACHED_PEERS.matcher(client.GET(harness.url("/server-status")).getContentAsString());
      assertThat(count.find()).as("the status page shows the cached peers").isTrue();
      return Long.parseLong(count.group(1));
    } catch (Exception e) {
      throw new AssertionError("cannot read the status page", e);
    }
  }

  @Test
  void theAddrParameterIsExactlyTheTcpPeer() throws Exception {
    harness.startWithRoot("Require tailscale-user icing@github");

    harness.clientFrom("127.0.0.2").GET(harness.url("/"));

    RecordedRequest whois = tailscaled.requests().to("whois").get(0);
    assertThat(whois.param("addr")).matches("127\\.0\\.0\\.2:\\d+");
    assertThat(whois.header("Host")).isEqualTo("local-tailscaled.sock");
  }
}
