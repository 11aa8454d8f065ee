package dev.tailgate.bench;

import dev.tailgate.auth.headers.IdentityHeaderNames;
import dev.tailgate.auth.headers.IdentityHeaders;
import dev.tailgate.auth.identity.Identity;
import dev.tailgate.auth.identity.IdentityLookup;
import dev.tailgate.auth.identity.IdentityResolver;
import dev.tailgate.auth.identity.WhoisSource;
import dev.tailgate.auth.policy.AccessCheck;
import dev.tailgate.auth.policy.AccessPolicy;
import dev.tailgate.auth.policy.AuthType;
import dev.tailgate.auth.policy.Require;
import dev.tailgate.auth.policy.RequireAll;
import dev.tailgate.auth.policy.RequireNone;
import dev.tailgate.auth.policy.TaggedDevices;
import dev.tailgate.auth.policy.Verdict;
import dev.tailgate.auth.policy.providers.Providers;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.model.WhoIs;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What access control costs a request on a connection whose identity is already known: the whois
 * cache hit, the evaluation of the {@code Require} tree with httpd's two passes, and the identity
 * headers for the backend. These run on every authenticated request, so they bound the "auth costs
 * at most 5%" target from below: anything the load benchmark shows beyond them is elsewhere.
 *
 * <p>The identity is a real one: icing@github's laptop, as the fake tailscaled answers for
 * 127.0.0.2, parsed by the real client.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AuthBenchmark {
  private static final Duration CACHE_TIMEOUT = Duration.ofHours(1);
  private static final Duration CACHE_GRACE = Duration.ofSeconds(30);
  private static final Optional<String> CONNECTION = Optional.of("connection-1");
  private static final Providers PROVIDERS = Providers.standard();

  private final IdentityResolver resolver = new IdentityResolver();
  private final IdentityHeaders headers = new IdentityHeaders(IdentityHeaderNames.DEFAULTS);
  private InetSocketAddress peer;
  private Optional<InetAddress> client;
  private WhoisSource source;
  private CompletableFuture<IdentityLookup> found;
  private AccessPolicy tailscaleUser;
  private AccessPolicy nested;

  @Setup
  public void setUp() throws Exception {
    peer = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 40000);
    client = Optional.of(peer.getAddress());
    WhoIs whois;
    try (FakeTailscaled fake = FakeTailscaled.start(FakeTailnet.example());
        LocalApiClient localApi = LocalApiClient.builder().socket(fake.socketPath()).build()) {
      whois = localApi.whois(peer).orElseThrow();
    }
    Identity icing = Identity.from(whois).orElseThrow();
    found = CompletableFuture.completedFuture(new IdentityLookup.Found(icing));
    // the source answers once, then the cache must serve every later lookup
    source =
        new WhoisSource() {
          private boolean asked;

          @Override
          public CompletableFuture<Optional<WhoIs>> whois(InetSocketAddress address) {
            if (asked) {
              throw new IllegalStateException("a cache hit asked tailscaled");
            }
            asked = true;
            return CompletableFuture.completedFuture(Optional.of(whois));
          }
        };
    resolver.lookup(source, peer, CONNECTION, CACHE_TIMEOUT, CACHE_GRACE).join();
    tailscaleUser =
        new AccessPolicy(
            Optional.of(rule("tailscale-user icing@github")), AuthType.TAILSCALE, false);
    nested =
        new AccessPolicy(
            Optional.of(
                new RequireAll(
                    List.of(
                        rule("valid-user"),
                        rule("tailscale-cap example.com/cap/admin"),
                        new RequireNone(
                            List.of(
                                rule("tailscale-user intern@example.com"),
                                rule("tailscale-tag tag:ci")))))),
            AuthType.TAILSCALE,
            false);
  }

  private static Require rule(String line) throws Exception {
    List<String> words = List.of(line.split(" "));
    return PROVIDERS.find(words.get(0)).orElseThrow().rule(words.subList(1, words.size()));
  }

  /** The per-request identity lookup on a connection that already has its answer. */
  @Benchmark
  public IdentityLookup whoisCacheHit() {
    return resolver.lookup(source, peer, CONNECTION, CACHE_TIMEOUT, CACHE_GRACE).join();
  }

  /** {@code AuthType tailscale} + {@code Require tailscale-user icing@github}, identity at hand. */
  @Benchmark
  public Verdict policyTailscaleUser() {
    return new AccessCheck(tailscaleUser, client, TaggedDevices.DEVICES, () -> found)
        .decide()
        .join();
  }

  /**
   * A nested tree: valid-user AND a capability AND NONE of (an intern, a CI tag); both passes run.
   */
  @Benchmark
  public Verdict policyNested() {
    return new AccessCheck(nested, client, TaggedDevices.DEVICES, () -> found).decide().join();
  }

  /** The {@code Tailscale-User-*} headers of an allowed request. */
  @Benchmark
  public List<IdentityHeaders.Header> identityHeaders() {
    return headers.of(
        Optional.of(((IdentityLookup.Found) found.join()).identity()),
        Optional.empty(),
        TaggedDevices.DEVICES);
  }

  /** All of it, as the access gate does per request: cache hit, both passes, headers. */
  @Benchmark
  public List<IdentityHeaders.Header> perRequest() {
    Verdict verdict =
        new AccessCheck(
                tailscaleUser,
                client,
                TaggedDevices.DEVICES,
                () -> resolver.lookup(source, peer, CONNECTION, CACHE_TIMEOUT, CACHE_GRACE))
            .decide()
            .join();
    Verdict.Allowed allowed = (Verdict.Allowed) verdict;
    return headers.of(allowed.identity(), allowed.user(), TaggedDevices.DEVICES);
  }
}
