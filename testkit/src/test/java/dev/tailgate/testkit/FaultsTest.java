package dev.tailgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FaultsTest {
  private static final String DOMAIN = "vps.tail4c2a9.ts.net";
  private static final String WHOIS = "/localapi/v0/whois?addr=100.101.42.7";
  private static final String STATUS = "/localapi/v0/status";
  private static final String CERT = "/localapi/v0/cert/" + DOMAIN;
  @RegisterExtension static final LocalApi api = new LocalApi();
  private FakeTailscaled fake;

  @BeforeEach
  void start() {
    fake = FakeTailscaled.start(Fixtures.statusTailnet());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private ContentResponse get(String path) {
    return api.get(fake.socketPath(), path);
  }

  @Test
  void downRemovesTheSocketAndUpRestoresItOnTheSamePath() {
    fake.down();

    assertThat(fake.socketPath()).doesNotExist();
    assertThatThrownBy(this::connect)
        .isInstanceOf(SocketException.class)
        .hasMessageContaining("No such file");
    assertThat(fake.state()).isEqualTo(FakeTailscaled.State.DOWN);

    fake.up();

    assertThat(get(WHOIS).getStatus()).isEqualTo(200);
    assertThat(fake.state()).isEqualTo(FakeTailscaled.State.UP);
  }

  @Test
  void refusingKeepsAStaleSocketFile() {
    fake.refuse();

    assertThat(fake.socketPath()).exists();
    assertThat(Files.isRegularFile(fake.socketPath())).isFalse();
    assertThatThrownBy(this::connect)
        .isInstanceOf(ConnectException.class)
        .hasMessageContaining("Connection refused");

    fake.up();

    assertThat(get(WHOIS).getStatus()).isEqualTo(200);
  }

  @Test
  void slowDelaysEveryResponse() {
    fake.faults().slow(Duration.ofMillis(300));

    long start = System.nanoTime();
    ContentResponse response = get(WHOIS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(fake.requests().size()).isEqualTo(1);
  }

  @Test
  void slowResponsesDoNotHoldServerThreads() throws Exception {
    // far more concurrent requests than the fake has threads (32): if each delayed
    // response held a thread, they would need several rounds of the delay
    Duration delay = Duration.ofMillis(600);
    fake.faults().slow(delay);
    List<CompletableFuture<ContentResponse>> responses = new ArrayList<>();

    long start = System.nanoTime();
    for (int i = 0; i < 120; i++) {
      responses.add(new CompletableResponseListener(api.request(fake.socketPath(), WHOIS)).send());
    }
    for (CompletableFuture<ContentResponse> response : responses) {
      assertThat(response.get().getStatus()).isEqualTo(200);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(delay.multipliedBy(3));
  }

  @Test
  void garbageIsA200WithoutJson() {
    fake.faults().garbage(LocalApiRoute.WHOIS);

    ContentResponse whois = get(WHOIS);

    assertThat(whois.getStatus()).isEqualTo(200);
    assertThat(whois.getContentAsString()).isEqualTo(Faults.DEFAULT_GARBAGE);
    assertThat(get(STATUS).getContentAsString()).startsWith("{");
  }

  @Test
  void serverErrorWithText() {
    fake.faults().serverError("internal error: boom");

    for (String path : new String[] {WHOIS, STATUS, CERT}) {
      ContentResponse response = get(path);
      assertThat(response.getStatus()).isEqualTo(500);
      assertThat(response.getContentAsString()).isEqualTo("internal error: boom\n");
      assertThat(response.getHeaders().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    }
  }

  @Test
  void denyAnswersEachEndpointsOwnText() {
    fake.faults().deny();

    assertThat(get(WHOIS).getContentAsString()).isEqualTo("whois access denied\n");
    assertThat(get(STATUS).getContentAsString()).isEqualTo("status access denied\n");
    assertThat(get(CERT).getContentAsString()).isEqualTo("cert access denied\n");
    assertThat(get("/localapi/v0/cert-domains").getContentAsString())
        .isEqualTo("cert-domains access denied\n");
    assertThat(get(WHOIS).getStatus()).isEqualTo(403);
  }

  @Test
  void denyOneEndpointOnly() {
    fake.faults().deny(LocalApiRoute.STATUS);

    assertThat(get(STATUS).getStatus()).isEqualTo(403);
    assertThat(get(WHOIS).getStatus()).isEqualTo(200);
  }

  @Test
  void aCallerWithoutCertPermissionCanStillRead() {
    fake.faults().denyCerts();

    ContentResponse cert = get(CERT + "?type=pair");

    assertThat(cert.getStatus()).isEqualTo(403);
    assertThat(cert.getContentAsString()).isEqualTo("cert access denied\n");
    assertThat(get(WHOIS).getStatus()).isEqualTo(200);
    assertThat(get(STATUS).getStatus()).isEqualTo(200);
    assertThat(fake.certs().issuanceCount(DOMAIN)).isZero();

    fake.faults().allowCerts();
    assertThat(get(CERT).getStatus()).isEqualTo(200);
  }

  @Test
  void httpsDisabledOverridesTheTailnet() {
    fake.faults().httpsDisabled(true);

    assertThat(get(CERT).getContentAsString())
        .isEqualTo("your Tailscale account does not support getting TLS certs\n");
    assertThat(Fixtures.json(get(STATUS).getContentAsString()).get("CertDomains").isNull())
        .isTrue();

    fake.faults().httpsDisabled(false);
    assertThat(get(CERT).getStatus()).isEqualTo(200);
  }

  @Test
  void notLoggedIn() {
    fake.faults().notLoggedIn(true);

    assertThat(get(WHOIS).getStatus()).isEqualTo(404);
    assertThat(Fixtures.json(get(STATUS).getContentAsString()).get("BackendState").asText())
        .isEqualTo("NeedsLogin");
    ContentResponse cert = get(CERT);
    assertThat(cert.getStatus()).isEqualTo(500);
    assertThat(cert.getContentAsString()).isEqualTo("no netmap available\n");
  }

  @Test
  void rateLimitFailsIssuanceButServesTheCachedCertificate() {
    fake.faults().rateLimited(Duration.ofSeconds(3600));

    ContentResponse limited = get(CERT);

    assertThat(limited.getStatus()).isEqualTo(429);
    assertThat(limited.getHeaders().get("Retry-After")).isEqualTo("3600");
    assertThat(limited.getContentAsString()).isEqualTo(Faults.DEFAULT_RATE_LIMIT_MESSAGE + "\n");

    fake.faults().clearRateLimit();
    String issued = get(CERT).getContentAsString();
    fake.faults().rateLimited(Duration.ofSeconds(60), "too many certificates");

    assertThat(get(CERT).getContentAsString()).isEqualTo(issued);
    fake.renew(DOMAIN);
    ContentResponse renewal = get(CERT);
    assertThat(renewal.getStatus()).isEqualTo(429);
    assertThat(renewal.getContentAsString()).isEqualTo("too many certificates\n");
  }

  @Test
  void clearTurnsEverythingOff() {
    fake.faults()
        .deny()
        .serverError("x")
        .garbage()
        .notLoggedIn(true)
        .httpsDisabled(true)
        .denyCerts()
        .rateLimited(Duration.ofSeconds(1))
        .slow(Duration.ofMillis(1));

    fake.faults().clear();

    assertThat(get(WHOIS).getStatus()).isEqualTo(200);
    assertThat(get(CERT).getStatus()).isEqualTo(200);
  }

  private void connect() throws IOException {
    SocketChannel.open(UnixDomainSocketAddress.of(fake.socketPath())).close();
  }
}
