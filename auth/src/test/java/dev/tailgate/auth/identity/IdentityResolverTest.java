package dev.tailgate.auth.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.model.WhoIs;
import dev.tailgate.testkit.FakeNode;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.FakeTailscaledExtension;
import dev.tailgate.testkit.FakeUser;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whois cache against the real fake tailscaled: one answer per tailnet node (or per ip:port
 * elsewhere), served past its timeout only while a refresh runs and tailscaled's changes arrive.
 */
class IdentityResolverTest {
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final Optional<String> CONN = Optional.of("connection-1");

  @RegisterExtension
  final FakeTailscaledExtension tailscaled = new FakeTailscaledExtension(FakeTailnet::example);

  private final AtomicLong now = new AtomicLong();
  private final IdentityResolver resolver = new IdentityResolver(now::get);
  private LocalApiClient client;
  private WhoisSource source;

  @BeforeEach
  void connect() throws Exception {
    client =
        LocalApiClient.builder()
            .socket(tailscaled.get().socketPath())
            .requestTimeout(Duration.ofSeconds(2))
            .build();
    source = client::whoisAsync;
  }

  @AfterEach
  void close() {
    client.close();
  }

  private static InetSocketAddress peer(String ip, int port) throws Exception {
    return new InetSocketAddress(InetAddress.getByName(ip), port);
  }

  private static IdentityLookup await(CompletableFuture<IdentityLookup> lookup) throws Exception {
    return lookup.get(10, TimeUnit.SECONDS);
  }

  @Test
  void concurrentRequestsOnANewConnectionShareOneLookup() throws Exception {
    FakeTailscaled fake = tailscaled.get();
    fake.faults().slow(Duration.ofMillis(300));
    List<CompletableFuture<IdentityLookup>> lookups = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      lookups.add(
          resolver.lookup(source, peer("127.0.0.2", 40000), CONN, Duration.ofSeconds(1), GRACE));
    }

    for (CompletableFuture<IdentityLookup> lookup : lookups) {
      assertThat(await(lookup)).isInstanceOf(IdentityLookup.Found.class);
    }
    assertThat(fake.requests().whoisCount("127.0.0.2:40000")).isEqualTo(1);
  }

  @Test
  void anAnswerServesUntilTheCacheTimeoutThenIsAskedAgain() throws Exception {
    await(resolver.lookup(source, peer("127.0.0.2", 40001), CONN, Duration.ofSeconds(1), GRACE));
    now.addAndGet(Duration.ofMillis(999).toNanos());
    await(resolver.lookup(source, peer("127.0.0.2", 40001), CONN, Duration.ofSeconds(1), GRACE));
    assertThat(tailscaled.get().requests().whoisCount("127.0.0.2:40001")).isEqualTo(1);

    now.addAndGet(Duration.ofMillis(2).toNanos());
    await(resolver.lookup(source, peer("127.0.0.2", 40001), CONN, Duration.ofSeconds(1), GRACE));
    assertThat(tailscaled.get().requests().whoisCount("127.0.0.2:40001")).isEqualTo(2);
  }

  @Test
  void zeroMeansNoCache() throws Exception {
    for (int i = 0; i < 3; i++) {
      await(resolver.lookup(source, peer("127.0.0.2", 40002), CONN, Duration.ZERO, GRACE));
    }
    assertThat(tailscaled.get().requests().whoisCount("127.0.0.2:40002")).isEqualTo(3);
  }

  @Test
  void theCacheIsKeyedByIpAndPortNotByConnectionAlone() throws Exception {
    IdentityLookup icing =
        await(resolver.lookup(source, peer("127.0.0.2", 40003), CONN, Duration.ofHours(1), GRACE));
    IdentityLookup alice =
        await(resolver.lookup(source, peer("127.0.0.3", 40003), CONN, Duration.ofHours(1), GRACE));

    assertThat(((IdentityLookup.Found) icing).identity().loginName()).isEqualTo("icing@github");
    assertThat(((IdentityLookup.Found) alice).identity().loginName())
        .isEqualTo("alice@example.com");
  }

  @Test
  void aClosedConnectionTakesItsOwnAnswerWithItButNotItsNodes() throws Exception {
    InetSocketAddress outside = peer("127.0.0.2", 40011);
    await(resolver.lookup(source, outside, CONN, Duration.ofHours(1), GRACE));
    await(resolver.lookup(source, laptop(40012), CONN, Duration.ofHours(1), GRACE));
    assertThat(resolver.cachedPeers()).isEqualTo(2);

    resolver.connectionClosed(PeerKey.of(outside, CONN).orElseThrow());
    resolver.connectionClosed(PeerKey.of(laptop(40012), CONN).orElseThrow());

    assertThat(resolver.cachedPeers()).as("the node's answer serves its other connections").isOne();
    Optional<String> next = Optional.of("connection-2");
    await(resolver.lookup(source, laptop(40013), next, Duration.ofHours(1), GRACE));
    await(resolver.lookup(source, outside, next, Duration.ofHours(1), GRACE));
    assertThat(tailscaled.get().requests().to("whois"))
        .as("127.0.0.2:40011 asked again, the laptop not")
        .hasSize(3);
  }

  /**
   * Where no one reports a connection's close (the servlet filter: the Servlet API has no such
   * event), its answer goes once it could no longer serve, not after the five idle minutes a node's
   * answer has: under connection churn those held up to the cache's bound of answers no request
   * could use.
   */
  @Test
  void anUnclosedConnectionsAnswerGoesOnceItCanNoLongerServe() throws Exception {
    Duration timeout = Duration.ofSeconds(1);
    await(resolver.lookup(source, peer("127.0.0.2", 40014), CONN, timeout, GRACE));
    await(resolver.lookup(source, laptop(40015), CONN, timeout, GRACE));
    assertThat(resolver.cachedPeers()).isEqualTo(2);

    now.addAndGet(timeout.plus(GRACE).toNanos());
    assertThat(resolver.cachedPeers()).as("within timeout and grace of its last use").isEqualTo(2);

    now.addAndGet(IdentityCache.WHOIS_SLACK.toNanos());
    assertThat(resolver.cachedPeers()).as("the node's answer stays").isOne();
    await(resolver.lookup(source, peer("127.0.0.2", 40014), CONN, timeout, GRACE));
    assertThat(tailscaled.get().requests().whoisCount("127.0.0.2:40014")).isEqualTo(2);
  }

  @Test
  void ipv6PeersAreAskedForWithBrackets() throws Exception {
    IdentityLookup found =
        await(
            resolver.lookup(
                source,
                peer("fd7a:115c:a1e0::c701:2a07", 5555),
                CONN,
                Duration.ofSeconds(1),
                GRACE));

    assertThat(((IdentityLookup.Found) found).identity().nodeName())
        .isEqualTo("laptop.headless-chicken.ts.net.");
    assertThat(tailscaled.get().requests().to("whois"))
        .singleElement()
        .satisfies(
            request ->
                assertThat(request.param("addr")).matches("\\[fd7a:115c:a1e0::c701:2a07]:5555"));
  }

  @Test
  void notAPeerIsAnAnswerAndAnOutageIsAFailureThatIsNotCached() throws Exception {
    assertThat(
            await(resolver.lookup(source, peer("127.0.0.9", 1), CONN, Duration.ofHours(1), GRACE)))
        .isInstanceOf(IdentityLookup.NotAPeer.class);

    tailscaled.get().down();
    assertThat(
            await(resolver.lookup(source, peer("127.0.0.2", 2), CONN, Duration.ofHours(1), GRACE)))
        .isInstanceOf(IdentityLookup.Failed.class);
    tailscaled.get().up();
    assertThat(
            await(resolver.lookup(source, peer("127.0.0.2", 2), CONN, Duration.ofHours(1), GRACE)))
        .isInstanceOf(IdentityLookup.Found.class);
  }

  @Test
  void garbageFromTailscaledIsAFailureNotAnAnonymousPeer() throws Exception {
    tailscaled.get().faults().garbage();
    assertThat(
            await(
                resolver.lookup(source, peer("127.0.0.2", 3), CONN, Duration.ofSeconds(1), GRACE)))
        .isInstanceOf(IdentityLookup.Failed.class);
  }

  @Test
  void namesOver127CharactersCountAsAbsent() throws Exception {
    FakeTailnet tailnet = tailscaled.get().tailnet();
    FakeUser longLogin = tailnet.addUser("x".repeat(120) + "@example.com", "Long");
    tailnet.addNode(FakeNode.named("shortnode").owner(longLogin).loopbackAliases("127.0.0.20"));

    IdentityLookup found =
        await(resolver.lookup(source, peer("127.0.0.20", 4), CONN, Duration.ofSeconds(1), GRACE));

    Identity identity = ((IdentityLookup.Found) found).identity();
    assertThat(identity.loginName()).isEmpty();
    assertThat(identity.nodeName()).isEqualTo("shortnode.headless-chicken.ts.net.");
  }

  @Test
  void anAnswerWithNoUsableNameIsNoPeer() {
    Optional<WhoIs> none = Optional.empty();
    assertThat(none.flatMap(Identity::from)).isEmpty();
  }

  /** A source whose tailscaled's change notifications are (said to be) arriving. */
  private WhoisSource watched() {
    return new WhoisSource() {
      @Override
      public CompletableFuture<Optional<WhoIs>> whois(InetSocketAddress peer) {
        return client.whoisAsync(peer);
      }

      @Override
      public boolean changesArrive() {
        return true;
      }
    };
  }

  private InetSocketAddress laptop(int port) {
    return new InetSocketAddress(
        tailscaled.get().tailnet().node("laptop").ipv4().orElseThrow(), port);
  }

  private void awaitWhoisCount(String addr, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (tailscaled.get().requests().whoisCount(addr) < count) {
      assertThat(System.nanoTime())
          .as("waiting for whois #" + count + " of " + addr)
          .isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** Asks until the answer satisfies {@code done}, for changes that land in the background. */
  private static IdentityLookup eventually(
      java.util.function.Supplier<CompletableFuture<IdentityLookup>> ask,
      java.util.function.Predicate<IdentityLookup> done)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    IdentityLookup last = await(ask.get());
    while (!done.test(last)) {
      assertThat(System.nanoTime()).as("still " + last).isLessThan(deadline);
      Thread.onSpinWait();
      last = await(ask.get());
    }
    return last;
  }

  private static String login(IdentityLookup lookup) {
    return ((IdentityLookup.Found) lookup).identity().loginName();
  }

  @Test
  void everyConnectionFromATailnetNodeSharesOneAnswer() throws Exception {
    for (int port = 50000; port < 50010; port++) {
      assertThat(
              login(await(resolver.lookup(source, laptop(port), CONN, Duration.ofHours(1), GRACE))))
          .isEqualTo("icing@github");
    }

    assertThat(tailscaled.get().requests().to("whois")).hasSize(1);
  }

  @Test
  void loopbackConnectionsAreToldApartByPort() throws Exception {
    await(resolver.lookup(source, peer("127.0.0.2", 50100), CONN, Duration.ofHours(1), GRACE));
    await(resolver.lookup(source, peer("127.0.0.2", 50101), CONN, Duration.ofHours(1), GRACE));

    assertThat(tailscaled.get().requests().to("whois")).hasSize(2);
  }

  @Test
  void aStaleAnswerServesAtOnceWhileOneRefreshRuns() throws Exception {
    WhoisSource watched = watched();
    await(resolver.lookup(watched, laptop(1), CONN, Duration.ofSeconds(1), GRACE));
    tailscaled.get().faults().slow(Duration.ofSeconds(2));
    now.addAndGet(Duration.ofSeconds(5).toNanos());

    CompletableFuture<IdentityLookup> first =
        resolver.lookup(watched, laptop(2), CONN, Duration.ofSeconds(1), GRACE);
    CompletableFuture<IdentityLookup> second =
        resolver.lookup(watched, laptop(3), CONN, Duration.ofSeconds(1), GRACE);

    assertThat(first).isCompleted();
    assertThat(second).isCompleted();
    assertThat(login(first.join())).isEqualTo("icing@github");
    awaitWhoisCount(laptop(2).getAddress().getHostAddress() + ":2", 1);
    assertThat(tailscaled.get().requests().to("whois")).hasSize(2);
  }

  @Test
  void withoutChangeNotificationsTheTimeoutIsStrict() throws Exception {
    await(resolver.lookup(source, laptop(1), CONN, Duration.ofSeconds(1), GRACE));
    tailscaled.get().faults().slow(Duration.ofMillis(300));
    now.addAndGet(Duration.ofSeconds(2).toNanos());

    CompletableFuture<IdentityLookup> lookup =
        resolver.lookup(source, laptop(2), CONN, Duration.ofSeconds(1), GRACE);

    assertThat(lookup).isNotCompleted();
    assertThat(login(await(lookup))).isEqualTo("icing@github");
  }

  @Test
  void pastTheGraceARequestWaitsAndAnUnreachableDaemonFailsIt() throws Exception {
    WhoisSource watched = watched();
    await(resolver.lookup(watched, laptop(1), CONN, Duration.ofSeconds(1), GRACE));
    tailscaled.get().down();

    now.addAndGet(Duration.ofSeconds(10).toNanos());
    assertThat(
            login(await(resolver.lookup(watched, laptop(2), CONN, Duration.ofSeconds(1), GRACE))))
        .as("within the grace, the cached answer serves although its refresh fails")
        .isEqualTo("icing@github");

    now.addAndGet(GRACE.toNanos());
    assertThat(await(resolver.lookup(watched, laptop(3), CONN, Duration.ofSeconds(1), GRACE)))
        .isInstanceOf(IdentityLookup.Failed.class);
  }

  @Test
  void aRefreshThatSaysNotAPeerDeniesFromThenOn() throws Exception {
    WhoisSource watched = watched();
    InetSocketAddress phone = peer("127.0.0.2", 7);
    await(resolver.lookup(watched, phone, CONN, Duration.ofSeconds(1), GRACE));
    tailscaled.get().tailnet().removeNode("laptop");
    now.addAndGet(Duration.ofSeconds(2).toNanos());

    IdentityLookup after =
        eventually(
            () -> resolver.lookup(watched, phone, CONN, Duration.ofSeconds(1), GRACE),
            lookup -> lookup instanceof IdentityLookup.NotAPeer);

    assertThat(after).isInstanceOf(IdentityLookup.NotAPeer.class);
    assertThat(tailscaled.get().requests().whoisCount("127.0.0.2:7")).isEqualTo(2);
  }

  @Test
  void aNotificationRefreshesTheAnswersItNamesAndOnlyThose() throws Exception {
    FakeTailnet tailnet = tailscaled.get().tailnet();
    IdentityLookup icing =
        await(resolver.lookup(source, laptop(1), CONN, Duration.ofHours(1), GRACE));
    await(resolver.lookup(source, peer("127.0.0.3", 1), CONN, Duration.ofHours(1), GRACE));
    tailnet.grant("laptop", "example.com/cap/deploy", "{}");

    resolver.invalidate(
        source,
        new Invalidation(false, java.util.Set.of(tailnet.node("laptop").id()), java.util.Set.of()));
    IdentityLookup refreshed =
        eventually(
            () -> resolver.lookup(source, laptop(1), CONN, Duration.ofHours(1), GRACE),
            lookup ->
                ((IdentityLookup.Found) lookup)
                    .identity()
                    .capabilities()
                    .has("example.com/cap/deploy"));

    assertThat(
            ((IdentityLookup.Found) icing).identity().capabilities().has("example.com/cap/deploy"))
        .isFalse();
    assertThat(
            ((IdentityLookup.Found) refreshed)
                .identity()
                .capabilities()
                .has("example.com/cap/deploy"))
        .isTrue();
    assertThat(tailscaled.get().requests().whoisCount("127.0.0.3:1")).isEqualTo(1);
  }

  @Test
  void aReusedPortOnAnotherConnectionIsAskedAboutAgain() throws Exception {
    InetSocketAddress port = peer("127.0.0.2", 50200);
    await(resolver.lookup(source, port, Optional.of("first"), Duration.ofHours(1), GRACE));
    await(resolver.lookup(source, port, Optional.of("second"), Duration.ofHours(1), GRACE));

    assertThat(tailscaled.get().requests().whoisCount("127.0.0.2:50200")).isEqualTo(2);
  }

  @Test
  void withoutAConnectionALoopbackAnswerIsNotKept() throws Exception {
    InetSocketAddress described = peer("127.0.0.2", 50300);
    await(resolver.lookup(source, described, Optional.empty(), Duration.ofHours(1), GRACE));
    await(resolver.lookup(source, described, Optional.empty(), Duration.ofHours(1), GRACE));

    assertThat(tailscaled.get().requests().whoisCount("127.0.0.2:50300")).isEqualTo(2);
  }

  @Test
  void afterAGapInTheNotificationsNoAnswerDecidesBeforeTailscaledIsAskedAgain() throws Exception {
    InetSocketAddress connection = peer("127.0.0.2", 8);
    InetSocketAddress again = laptop(2);
    await(resolver.lookup(source, laptop(1), CONN, Duration.ofHours(1), GRACE));
    await(resolver.lookup(source, connection, CONN, Duration.ofHours(1), GRACE));
    // removed while nobody watched: no notification names it
    tailscaled.get().tailnet().removeNode("laptop");

    resolver.recheck(source);

    assertThat(await(resolver.lookup(source, again, CONN, Duration.ofHours(1), GRACE)))
        .as("a tailnet node's answer")
        .isInstanceOf(IdentityLookup.NotAPeer.class);
    assertThat(await(resolver.lookup(source, connection, CONN, Duration.ofHours(1), GRACE)))
        .as("a connection's answer")
        .isInstanceOf(IdentityLookup.NotAPeer.class);
  }

  @Test
  void aDoubtedAnswerServesWithinItsTimeoutWhileTailscaledCannotAnswer() throws Exception {
    InetSocketAddress connection = peer("127.0.0.2", 9);
    await(resolver.lookup(source, laptop(1), CONN, Duration.ofSeconds(10), GRACE));
    await(resolver.lookup(source, connection, CONN, Duration.ofSeconds(10), GRACE));
    // the watch came back, and tailscaled left again before the answers were asked anew
    tailscaled.get().down();
    resolver.recheck(source);

    assertThat(
            login(await(resolver.lookup(source, laptop(2), CONN, Duration.ofSeconds(10), GRACE))))
        .isEqualTo("icing@github");
    assertThat(
            login(await(resolver.lookup(source, connection, CONN, Duration.ofSeconds(10), GRACE))))
        .isEqualTo("icing@github");

    now.addAndGet(Duration.ofSeconds(11).toNanos());
    assertThat(await(resolver.lookup(source, laptop(3), CONN, Duration.ofSeconds(10), GRACE)))
        .as("past the timeout")
        .isInstanceOf(IdentityLookup.Failed.class);
    assertThat(await(resolver.lookup(source, connection, CONN, Duration.ofSeconds(10), GRACE)))
        .as("past the timeout")
        .isInstanceOf(IdentityLookup.Failed.class);
  }

  @Test
  void aDoubtedAnswerGetsNoGracePastItsTimeout() throws Exception {
    WhoisSource watched = watched();
    await(resolver.lookup(watched, laptop(1), CONN, Duration.ofSeconds(10), GRACE));
    tailscaled.get().down();
    resolver.recheck(watched);

    now.addAndGet(Duration.ofSeconds(11).toNanos());
    assertThat(await(resolver.lookup(watched, laptop(2), CONN, Duration.ofSeconds(10), GRACE)))
        .as("past the timeout, within the grace, notifications arriving again")
        .isInstanceOf(IdentityLookup.Failed.class);
  }

  @Test
  void aNotificationDuringAWhoisIsNotLostToItsAnswer() throws Exception {
    CompletableFuture<Void> deliver = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    // the first answer is given before the removal and arrives after it, as on a busy box
    WhoisSource late =
        peer ->
            calls.getAndIncrement() == 0
                ? client.whoisAsync(peer).thenCombine(deliver, (answer, ignored) -> answer)
                : client.whoisAsync(peer);
    InetSocketAddress laptop = laptop(1);
    CompletableFuture<IdentityLookup> first =
        resolver.lookup(late, laptop, CONN, Duration.ofHours(1), GRACE);
    tailscaled.get().requests().await(r -> r.path().endsWith("/whois"), Duration.ofSeconds(5));
    tailscaled.get().tailnet().removeNode("laptop");
    resolver.invalidate(late, Invalidation.ALL);
    deliver.complete(null);

    assertThat(await(first))
        .as("the whois answered before the removal is asked again")
        .isInstanceOf(IdentityLookup.NotAPeer.class);
    assertThat(await(resolver.lookup(late, laptop, CONN, Duration.ofHours(1), GRACE)))
        .isInstanceOf(IdentityLookup.NotAPeer.class);
    assertThat(calls.get()).isEqualTo(2);
  }
}
