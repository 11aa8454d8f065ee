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
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whois cache against the real fake tailscaled: one lookup per connection and timeout, keyed by
 * ip:port.
 */
class IdentityResolverTest {
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
    PeerIdentities connection = new PeerIdentities();
    List<CompletableFuture<IdentityLookup>> lookups = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      lookups.add(
          resolver.lookup(connection, source, peer("127.0.0.2", 40000), Duration.ofSeconds(1)));
    }

    for (CompletableFuture<IdentityLookup> lookup : lookups) {
      assertThat(await(lookup)).isInstanceOf(IdentityLookup.Found.class);
    }
    assertThat(fake.requests().whoisCount("127.0.0.2:40000")).isEqualTo(1);
  }

  @Test
  void anAnswerServesUntilTheCacheTimeoutThenIsAskedAgain() throws Exception {
    PeerIdentities connection = new PeerIdentities();
    await(resolver.lookup(connection, source, peer("127.0.0.2", 40001), Duration.ofSeconds(1)));
    now.addAndGet(Duration.ofMillis(999).toNanos());
    await(resolver.lookup(connection, source, peer("127.0.0.2", 40001), Duration.ofSeconds(1)));
    assertThat(tailscaled.get().requests().whoisCount("127.0.0.2:40001")).isEqualTo(1);

    now.addAndGet(Duration.ofMillis(2).toNanos());
    await(resolver.lookup(connection, source, peer("127.0.0.2", 40001), Duration.ofSeconds(1)));
    assertThat(tailscaled.get().requests().whoisCount("127.0.0.2:40001")).isEqualTo(2);
  }

  @Test
  void zeroMeansNoCache() throws Exception {
    PeerIdentities connection = new PeerIdentities();
    for (int i = 0; i < 3; i++) {
      await(resolver.lookup(connection, source, peer("127.0.0.2", 40002), Duration.ZERO));
    }
    assertThat(tailscaled.get().requests().whoisCount("127.0.0.2:40002")).isEqualTo(3);
  }

  @Test
  void theCacheIsKeyedByIpAndPortNotByConnectionAlone() throws Exception {
    PeerIdentities connection = new PeerIdentities();
    IdentityLookup icing =
        await(resolver.lookup(connection, source, peer("127.0.0.2", 40003), Duration.ofHours(1)));
    IdentityLookup alice =
        await(resolver.lookup(connection, source, peer("127.0.0.3", 40003), Duration.ofHours(1)));

    assertThat(((IdentityLookup.Found) icing).identity().loginName()).isEqualTo("icing@github");
    assertThat(((IdentityLookup.Found) alice).identity().loginName())
        .isEqualTo("alice@example.com");
  }

  @Test
  void ipv6PeersAreAskedForWithBrackets() throws Exception {
    IdentityLookup found =
        await(
            resolver.lookup(
                new PeerIdentities(),
                source,
                peer("fd7a:115c:a1e0::c701:2a07", 5555),
                Duration.ofSeconds(1)));

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
    PeerIdentities connection = new PeerIdentities();
    assertThat(
            await(resolver.lookup(connection, source, peer("127.0.0.9", 1), Duration.ofHours(1))))
        .isInstanceOf(IdentityLookup.NotAPeer.class);

    tailscaled.get().down();
    assertThat(
            await(resolver.lookup(connection, source, peer("127.0.0.2", 2), Duration.ofHours(1))))
        .isInstanceOf(IdentityLookup.Failed.class);
    tailscaled.get().up();
    assertThat(
            await(resolver.lookup(connection, source, peer("127.0.0.2", 2), Duration.ofHours(1))))
        .isInstanceOf(IdentityLookup.Found.class);
  }

  @Test
  void garbageFromTailscaledIsAFailureNotAnAnonymousPeer() throws Exception {
    tailscaled.get().faults().garbage();
    assertThat(
            await(
                resolver.lookup(
                    new PeerIdentities(), source, peer("127.0.0.2", 3), Duration.ofSeconds(1))))
        .isInstanceOf(IdentityLookup.Failed.class);
  }

  @Test
  void namesOver127CharactersCountAsAbsent() throws Exception {
    FakeTailnet tailnet = tailscaled.get().tailnet();
    FakeUser longLogin = tailnet.addUser("x".repeat(120) + "@example.com", "Long");
    tailnet.addNode(FakeNode.named("shortnode").owner(longLogin).loopbackAliases("127.0.0.20"));

    IdentityLookup found =
        await(
            resolver.lookup(
                new PeerIdentities(), source, peer("127.0.0.20", 4), Duration.ofSeconds(1)));

    Identity identity = ((IdentityLookup.Found) found).identity();
    assertThat(identity.loginName()).isEmpty();
    assertThat(identity.nodeName()).isEqualTo("shortnode.headless-chicken.ts.net.");
  }

  @Test
  void anAnswerWithNoUsableNameIsNoPeer() {
    Optional<WhoIs> none = Optional.empty();
    assertThat(none.flatMap(Identity::from)).isEmpty();
  }
}
