package dev.tailgate.localapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailgate.localapi.cert.CertPair;
import dev.tailgate.localapi.model.BackendState;
import dev.tailgate.localapi.model.Status;
import dev.tailgate.localapi.model.WhoIs;
import dev.tailgate.localapi.transport.LoopbackTcpEndpoint;
import dev.tailgate.testkit.FakeNode;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.FakeTailscaledExtension;
import dev.tailgate.testkit.FakeUser;
import dev.tailgate.testkit.RecordedRequest;
import dev.tailgate.testkit.TcpEndpoint;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The client against the fake tailscaled over a real unix socket: every rule of localapi.md §9 a
 * client owns.
 */
class LocalApiClientTest {
  @RegisterExtension
  final FakeTailscaledExtension tailscaled = new FakeTailscaledExtension(FakeTailnet::example);

  private FakeTailscaled fake;
  private LocalApiClient client;

  @BeforeEach
  void connect() throws Exception {
    fake = tailscaled.get();
    client = LocalApiClient.builder().socket(fake.socketPath()).build();
  }

  @AfterEach
  void disconnect() {
    client.close();
  }

  private static InetSocketAddress peer(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  @Test
  void requestsCarryTheHostTailscaledDemandsAndNoOriginOrReferer() throws Exception {
    client.whois(peer("127.0.0.2", 40000));

    RecordedRequest request = fake.requests().last();
    assertThat(request.header("Host")).isEqualTo("local-tailscaled.sock");
    assertThat(request.header("Origin")).isNull();
    assertThat(request.header("Referer")).isNull();
    assertThat(request.param("addr")).isEqualTo("127.0.0.2:40000");
  }

  @Test
  void whoisNamesTheUserAndNodeOfAPeer() throws Exception {
    WhoIs whois = client.whois(peer("127.0.0.2", 40000)).orElseThrow();

    assertThat(whois.userProfile().loginName()).isEqualTo("icing@github");
    assertThat(whois.node().name()).isEqualTo("laptop.headless-chicken.ts.net.");
    assertThat(whois.node().tailnet()).isEqualTo("headless-chicken.ts.net.");
    assertThat(whois.isTagged()).isFalse();
    assertThat(whois.capMap().names()).containsExactly("example.com/cap/admin");
  }

  @Test
  void whoisIgnoresThePortForTailnetAddressesAndAcceptsIpv6() throws Exception {
    WhoIs byV4 = client.whois(peer("100.101.42.7", 1)).orElseThrow();
    WhoIs byV6 = client.whois(peer("fd7a:115c:a1e0::c701:2a07", 443)).orElseThrow();

    assertThat(byV4.node().stableId()).isEqualTo(byV6.node().stableId());
    assertThat(fake.requests().last().param("addr")).isEqualTo("[fd7a:115c:a1e0::c701:2a07]:443");
  }

  @Test
  void anUnknownAddressIsNotATailnetPeerNotAnError() throws Exception {
    assertThat(client.whois(peer("192.0.2.1", 1234))).isEmpty();
  }

  @Test
  void taggedPeersAreTaggedAndTheirPseudoUserKeepsItsLargeId() throws Exception {
    WhoIs whois = client.whois(peer("127.0.0.4", 5000)).orElseThrow();

    assertThat(whois.isTagged()).isTrue();
    assertThat(whois.node().tags()).containsExactly("tag:ci");
    assertThat(whois.userProfile().loginName()).isEqualTo("tagged-devices");
    assertThat(whois.userProfile().id()).isEqualTo(fake.tailnet().taggedDevicesUser().id());
  }

  @Test
  void sharedInAndShareeNodesAreTold() throws Exception {
    FakeTailnet tailnet = fake.tailnet();
    FakeUser carol = tailnet.addUser("carol@other.org", "Carol Other");
    FakeUser dave = tailnet.addUser("dave@other.org", "Dave Admin");
    FakeUser bob = tailnet.addUser("bob@github", "Bob Builder");
    tailnet.addNode(
        FakeNode.sharedIn("nas.tail9f3e1.ts.net", carol, dave)
            .addresses("100.92.164.89")
            .loopbackAliases("127.0.0.5"));
    tailnet.addNode(FakeNode.sharee(bob).addresses("100.77.201.9").loopbackAliases("127.0.0.6"));

    WhoIs sharedIn = client.whois(peer("127.0.0.5", 1)).orElseThrow();
    WhoIs sharee = client.whois(peer("127.0.0.6", 1)).orElseThrow();

    assertThat(sharedIn.node().isSharedIn()).isTrue();
    assertThat(sharedIn.node().sharer()).isEqualTo(dave.id());
    assertThat(sharedIn.userProfile().loginName()).isEqualTo("carol@other.org");
    assertThat(sharee.node().isSharee()).isTrue();
    assertThat(sharee.node().tailnet()).isEmpty();
    assertThat(sharee.userProfile().loginName()).isEqualTo("bob@github");
  }

  @Test
  void statusTellsTheNodesNameTailnetAndCertificateDomains() throws Exception {
    Status full = client.status();
    Status light = client.statusWithoutPeers();

    assertThat(full.backendState()).isEqualTo(BackendState.Running);
    assertThat(full.self().dnsName()).isEqualTo("vps.headless-chicken.ts.net.");
    assertThat(full.certDomains()).containsExactly("vps.headless-chicken.ts.net");
    assertThat(full.peers()).isNotEmpty();
    assertThat(full.user(fake.tailnet().user("icing@github").orElseThrow().id())).isPresent();
    assertThat(light.peers()).isEmpty();
    assertThat(light.users()).isEmpty();
    assertThat(light.certDomains()).containsExactly("vps.headless-chicken.ts.net");
    assertThat(fake.requests().last().param("peers")).isEqualTo("false");
  }

  @Test
  void aCertificatePairIsParsedVerifiedAndStaysTheSameUntilRenewed() throws Exception {
    CertPair first = client.certPair("vps.headless-chicken.ts.net", Duration.ZERO);
    CertPair again = client.certPair("vps.headless-chicken.ts.net", Duration.ZERO);
    fake.renew("vps.headless-chicken.ts.net");
    CertPair renewed = client.certPair("vps.headless-chicken.ts.net", Duration.ZERO);

    assertThat(first.leaf().getSubjectX500Principal().getName())
        .isEqualTo("CN=vps.headless-chicken.ts.net");
    assertThat(first.keyPem()).startsWith("-----BEGIN EC PRIVATE KEY-----");
    assertThat(first.chain()).hasSize(2);
    assertThat(again.leaf().getSerialNumber()).isEqualTo(first.leaf().getSerialNumber());
    assertThat(renewed.leaf().getSerialNumber()).isNotEqualTo(first.leaf().getSerialNumber());
    RecordedRequest request = fake.requests().last();
    assertThat(request.param("type")).isEqualTo("pair");
    assertThat(request.param("min_validity")).isEqualTo("0s");
  }

  @Test
  void aDomainTailscaledWillNotIssueForListsTheAllowedOnes() {
    assertThatThrownBy(() -> client.certPair("app.vps.headless-chicken.ts.net", Duration.ZERO))
        .isInstanceOfSatisfying(
            DomainNotAllowedException.class,
            e -> {
              assertThat(e.allowed()).containsExactly("vps.headless-chicken.ts.net");
              assertThat(e.domain()).isEqualTo("app.vps.headless-chicken.ts.net");
            })
        .hasMessageContaining(
            "only issues certificates for this node's exact names: vps.headless-chicken.ts.net");
  }

  @Test
  void httpsOffForTheTailnetSaysWhereToTurnItOn() {
    fake.faults().httpsDisabled(true);

    assertThatThrownBy(() -> client.certPair("vps.headless-chicken.ts.net", Duration.ZERO))
        .isInstanceOf(HttpsNotEnabledException.class)
        .hasMessageContaining("does not support getting TLS certs")
        .hasMessageContaining("admin console");
  }

  @Test
  void loggedOutDaemonGivesNoIdentityAndNoCertificates() throws Exception {
    fake.faults().notLoggedIn(true);

    assertThat(client.whois(peer("127.0.0.2", 1))).isEmpty();
    assertThat(client.statusWithoutPeers().backendState()).isEqualTo(BackendState.NeedsLogin);
    assertThatThrownBy(() -> client.certPair("vps.headless-chicken.ts.net", Duration.ZERO))
        .isInstanceOf(NotLoggedInException.class)
        .hasMessageContaining("tailscale up");
  }

  @Test
  void certificatePermissionDeniedNamesTheFixes() {
    fake.faults().denyCerts();

    assertThatThrownBy(() -> client.certPair("vps.headless-chicken.ts.net", Duration.ZERO))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("cert access denied")
        .hasMessageContaining("TS_PERMIT_CERT_UID")
        .hasMessageContaining("--operator");
  }

  @Test
  void readPermissionDeniedPointsAtTheSocket() {
    fake.faults().deny(dev.tailgate.testkit.LocalApiRoute.WHOIS);

    assertThatThrownBy(() -> client.whois(peer("127.0.0.2", 1)))
        .isInstanceOf(AccessDeniedException.class)
        .hasMessageContaining("whois access denied")
        .hasMessageContaining("socket");
  }

  @Test
  void rateLimitsKeepTheRetryAfter() {
    fake.faults().rateLimited(Duration.ofSeconds(3600));

    assertThatThrownBy(() -> client.certPair("vps.headless-chicken.ts.net", Duration.ZERO))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(3600)))
        .hasMessageContaining("retry after 3600s");
  }

  @Test
  void aServerErrorKeepsTailscaledsText() {
    fake.faults()
        .serverError("acme.GetReg: connection reset", dev.tailgate.testkit.LocalApiRoute.CERT);

    assertThatThrownBy(() -> client.certPair("vps.headless-chicken.ts.net", Duration.ZERO))
        .isExactlyInstanceOf(LocalApiException.class)
        .hasMessage(
            "tailscaled answered 500 to cert vps.headless-chicken.ts.net: acme.GetReg: connection reset")
        .satisfies(e -> assertThat(((LocalApiException) e).status()).isEqualTo(500));
  }

  @Test
  void garbageFromTailscaledFailsClosed() {
    fake.faults()
        .garbage(
            dev.tailgate.testkit.LocalApiRoute.WHOIS, dev.tailgate.testkit.LocalApiRoute.STATUS);

    assertThatThrownBy(() -> client.whois(peer("127.0.0.2", 1)))
        .isInstanceOf(BadResponseException.class)
        .hasMessageContaining("refusing it");
    assertThatThrownBy(() -> client.status()).isInstanceOf(BadResponseException.class);
  }

  @Test
  void oversizedAnswersAreRefused() throws Exception {
    try (LocalApiClient small =
        LocalApiClient.builder().socket(fake.socketPath()).maxJsonBytes(200).build()) {
      assertThatThrownBy(() -> small.whois(peer("127.0.0.2", 1)))
          .isInstanceOf(BadResponseException.class)
          .hasMessageContaining("larger than the 200 bytes");
    }
  }

  @Test
  void aMissingSocketSaysWhichPathAndWhatToCheck() throws Exception {
    fake.down();

    assertThatThrownBy(() -> client.whois(peer("127.0.0.2", 1)))
        .isInstanceOf(DaemonUnavailableException.class)
        .hasMessageContaining(fake.socketPath().toString())
        .hasMessageContaining("does not exist")
        .hasMessageContaining("systemctl status tailscaled");
  }

  @Test
  void aSocketNobodyListensOnIsConnectionRefused() throws Exception {
    fake.refuse();

    assertThatThrownBy(() -> client.whois(peer("127.0.0.2", 1)))
        .isInstanceOf(DaemonUnavailableException.class)
        .hasMessageContaining("connection refused");
  }

  @Test
  void theClientRecoversWhenTailscaledComesBack() throws Exception {
    fake.down();
    assertThatThrownBy(() -> client.whois(peer("127.0.0.2", 1)))
        .isInstanceOf(DaemonUnavailableException.class);

    fake.up();

    assertThat(client.whois(peer("127.0.0.2", 1))).isPresent();
  }

  @Test
  void aSlowDaemonTimesOutForWhoisButACertificateMayTakeLonger() throws Exception {
    fake.faults().slow(Duration.ofMillis(700));
    try (LocalApiClient impatient =
        LocalApiClient.builder()
            .socket(fake.socketPath())
            .requestTimeout(Duration.ofMillis(200))
            .certTimeout(Duration.ofSeconds(30))
            .build()) {

      assertThatThrownBy(() -> impatient.whois(peer("127.0.0.2", 1)))
          .isInstanceOfSatisfying(
              LocalApiTimeoutException.class,
              e -> assertThat(e.timeout()).isEqualTo(Duration.ofMillis(200)))
          .hasMessageContaining("did not answer whois 127.0.0.2:1 within 200 ms");
      assertThat(impatient.certPair("vps.headless-chicken.ts.net", Duration.ZERO)).isNotNull();
    }
  }

  @Test
  void manyConcurrentCallersAllGetTheirOwnAnswer() throws Exception {
    List<CompletableFuture<Optional<WhoIs>>> calls = new ArrayList<>();
    String[] peers = {"127.0.0.2", "127.0.0.3", "127.0.0.4", "192.0.2.9"};
    for (int i = 0; i < 400; i++) {
      calls.add(client.whoisAsync(peer(peers[i % peers.length], 10000 + i)));
    }

    for (int i = 0; i < calls.size(); i++) {
      Optional<WhoIs> answer = calls.get(i).get();
      switch (i % peers.length) {
        case 0 ->
            assertThat(answer.orElseThrow().userProfile().loginName()).isEqualTo("icing@github");
        case 1 ->
            assertThat(answer.orElseThrow().userProfile().loginName())
                .isEqualTo("alice@example.com");
        case 2 -> assertThat(answer.orElseThrow().isTagged()).isTrue();
        default -> assertThat(answer).isEmpty();
      }
    }
    assertThat(fake.requests().whoisCount("127.0.0.2:10000")).isEqualTo(1);
  }

  @Test
  void theMacOsTokenTransportSendsTheTokenAsBasicAuthPassword() throws Exception {
    TcpEndpoint tcp = fake.startTcp();
    try (LocalApiClient overTcp =
            LocalApiClient.builder()
                .endpoint(new LoopbackTcpEndpoint(tcp.port(), tcp.token(), "test"))
                .build();
        LocalApiClient wrongToken =
            LocalApiClient.builder()
                .endpoint(new LoopbackTcpEndpoint(tcp.port(), "0000000000wrongtoken", "test"))
                .build()) {

      assertThat(overTcp.whois(peer("127.0.0.2", 1))).isPresent();
      assertThat(fake.requests().last().header("Authorization"))
          .isEqualTo(tcp.authorizationHeader());
      assertThatThrownBy(() -> wrongToken.whois(peer("127.0.0.2", 1)))
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("bad password");
    }
  }
}
