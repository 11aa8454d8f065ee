package dev.tailgate.auth.identity;

import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.PeerAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Asks tailscaled who a peer is, once per connection and cache timeout. Concurrent requests on a
 * new connection (HTTP/2 streams, pipelining) share the one lookup in flight. Nothing here blocks:
 * the caller gets a future completed by the LocalAPI client's own threads.
 *
 * <p>Only answers are cached. A failed lookup is not, so a request after tailscaled comes back is
 * served at once; while it is down each request that needs identity asks again and fails fast.
 */
public final class IdentityResolver {
  private final LongSupplier nanoTime;

  public IdentityResolver() {
    this(System::nanoTime);
  }

  /**
   * @param nanoTime a monotonic clock; tests pass their own
   */
  public IdentityResolver(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * @param cache the connection's identities
   * @param ttl how long an answer serves further requests; zero asks tailscaled for every request
   */
  public CompletableFuture<IdentityLookup> lookup(
      PeerIdentities cache, WhoisSource source, InetSocketAddress peer, Duration ttl) {
    if (ttl.isZero() || ttl.isNegative()) {
      return ask(source, peer);
    }
    PeerIdentities.Key key = new PeerIdentities.Key(source, PeerAddress.format(peer));
    long now = nanoTime.getAsLong();
    PeerIdentities.Entry[] created = new PeerIdentities.Entry[1];
    PeerIdentities.Entry entry =
        cache
            .entries()
            .compute(
                key,
                (k, existing) -> {
                  if (usable(existing, now, ttl)) {
                    return existing;
                  }
                  created[0] = new PeerIdentities.Entry(new CompletableFuture<>(), now);
                  return created[0];
                });
    if (entry == created[0]) {
      ask(source, peer)
          .whenComplete((result, failure) -> settle(cache, key, entry, result, failure));
    }
    return entry.lookup();
  }

  private boolean usable(PeerIdentities.Entry existing, long now, Duration ttl) {
    if (existing == null) {
      return false;
    }
    CompletableFuture<IdentityLookup> lookup = existing.lookup();
    if (!lookup.isDone()) {
      return true;
    }
    if (lookup.join() instanceof IdentityLookup.Failed) {
      return false;
    }
    return now - existing.startedNanos() <= ttl.toNanos();
  }

  private static void settle(
      PeerIdentities cache,
      PeerIdentities.Key key,
      PeerIdentities.Entry entry,
      IdentityLookup result,
      Throwable failure) {
    IdentityLookup outcome =
        failure == null ? result : new IdentityLookup.Failed(LocalApiClient.unwrap(failure));
    if (outcome instanceof IdentityLookup.Failed) {
      cache.entries().remove(key, entry);
    }
    entry.lookup().complete(outcome);
  }

  private static CompletableFuture<IdentityLookup> ask(WhoisSource source, InetSocketAddress peer) {
    CompletableFuture<IdentityLookup> answer;
    try {
      answer =
          source
              .whois(peer)
              .handle(
                  (whois, failure) -> {
                    if (failure != null) {
                      return new IdentityLookup.Failed(LocalApiClient.unwrap(failure));
                    }
                    return whois
                        .flatMap(Identity::from)
                        .<IdentityLookup>map(IdentityLookup.Found::new)
                        .orElse(IdentityLookup.NOT_A_PEER);
                  });
    } catch (RuntimeException e) {
      answer =
          CompletableFuture.completedFuture(new IdentityLookup.Failed(LocalApiClient.unwrap(e)));
    }
    return answer;
  }
}
