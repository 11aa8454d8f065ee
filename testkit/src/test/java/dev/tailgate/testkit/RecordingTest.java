package dev.tailgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RecordingTest {
  @RegisterExtension static final LocalApi api = new LocalApi();
  private FakeTailscaled fake;

  @BeforeEach
  void start() {
    fake = FakeTailscaled.start(FakeTailnet.example());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void everyRequestIsRecordedWithItsParametersAndHeaders() {
    api.get(
        fake.socketPath(),
        "/localapi/v0/whois?addr=127.0.0.2%3A5000&proto=tcp",
        h -> h.put("Tailscale-Cap", "130"));
    api.get(fake.socketPath(), "/localapi/v0/whois?addr=127.0.0.2%3A5000");
    api.get(fake.socketPath(), "/localapi/v0/whois?addr=127.0.0.3%3A5000");
    api.get(fake.socketPath(), "/localapi/v0/status?peers=false");

    RecordedRequest first = fake.requests().all().get(0);
    assertThat(first.method()).isEqualTo("GET");
    assertThat(first.path()).isEqualTo("/localapi/v0/whois");
    assertThat(first.param("addr")).isEqualTo("127.0.0.2:5000");
    assertThat(first.param("proto")).isEqualTo("tcp");
    assertThat(first.header("tailscale-cap")).isEqualTo("130");
    assertThat(first.header("Host")).isEqualTo("local-tailscaled.sock");
    assertThat(first.transport()).isEqualTo("unix");
    assertThat(first.endpointName()).isEqualTo("whois");
    assertThat(fake.requests().whoisCount("127.0.0.2:5000")).isEqualTo(2);
    assertThat(fake.requests().to("status")).hasSize(1);
    assertThat(fake.requests().last().param("peers")).isEqualTo("false");
  }

  @Test
  void rejectedRequestsAreRecordedToo() throws IOException {
    RawHttp.get(fake.socketPath(), "/localapi/v0/status", "Host: localhost");

    assertThat(fake.requests().last().header("Host")).isEqualTo("localhost");
  }

  @Test
  void awaitReturnsOnceAMatchingRequestArrives() throws Exception {
    fake.faults().slow(Duration.ofMillis(200));
    CompletableFuture<ContentResponse> pending =
        new CompletableResponseListener(api.request(fake.socketPath(), "/localapi/v0/cert-domains"))
            .send();

    RecordedRequest seen =
        fake.requests().await(r -> "cert-domains".equals(r.endpointName()), Duration.ofSeconds(10));

    assertThat(seen.path()).isEqualTo("/localapi/v0/cert-domains");
    assertThat(pending.get().getContentAsString()).isEqualTo("[\"vps.headless-chicken.ts.net\"]\n");
  }

  @Test
  void awaitFailsWhenNothingArrives() {
    assertThatThrownBy(() -> fake.requests().await(r -> true, Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void clear() {
    api.get(fake.socketPath(), "/");
    fake.requests().clear();

    assertThat(fake.requests().all()).isEmpty();
  }
}
