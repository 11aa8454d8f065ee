package dev.tailgate.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One whois per connection and cache timeout, honoured per virtual host (httpd's module ignored it
 * there).
 */
class WhoisCacheTest {
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

  @Test
  void theAddrParameterIsExactlyTheTcpPeer() throws Exception {
    harness.startWithRoot("Require tailscale-user icing@github");

    harness.clientFrom("127.0.0.2").GET(harness.url("/"));

    RecordedRequest whois = tailscaled.requests().to("whois").get(0);
    assertThat(whois.param("addr")).matches("127\\.0\\.0\\.2:\\d+");
    assertThat(whois.header("Host")).isEqualTo("local-tailscaled.sock");
  }
}
