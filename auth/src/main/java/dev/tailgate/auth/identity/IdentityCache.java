package dev.tailgate.auth.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * The identities one tailscaled told us about, for one cache policy: one answer per {@link
 * PeerKey}, in a map bounded to {@link #MAX_PEERS} entries.
 *
 * <p>Within the timeout an answer is served as it is. Past it, while tailscaled's change
 * notifications are arriving ({@link WhoisSource#changesArrive()}), the answer keeps serving for at
 * most the grace more while one background whois refreshes it (stale-while-revalidate), so a
 * request on a known peer never waits for tailscaled. A refresh that says "not a peer" replaces the
 * answer, and the next request is refused; a refresh that fails leaves the answer in place until
 * the grace ends, after which the request waits for a whois of its own and gets 503 if tailscaled
 * still cannot answer. Without notifications there is no grace: the timeout is strict.
 *
 * <p>A notification ({@link #invalidate}) starts a refresh of every answer it affects at once, so a
 * removed device or a changed grant takes effect as soon as tailscaled answers that whois. A failed
 * lookup is never cached: the next request asks again.
 */
final class IdentityCache {
  /** Far above the peers of any tailnet, and a bound on what a flood of strangers can occupy. */
  static final long MAX_PEERS = 50_000;

  private final WhoisSource source;
  private final CachePolicy policy;
  private final LongSupplier nanoTime;
  private final IdentityObserver observer;
  private final Cache<PeerKey, Slot> slots;

  IdentityCache(
      WhoisSource source, CachePolicy policy, LongSupplier nanoTime, IdentityObserver observer) {
    this.source = source;
    this.policy = policy;
    this.nanoTime = nanoTime;
    this.observer = observer;
    this.slots = Caffeine.newBuilder().maximumSize(MAX_PEERS).build();
  }

  CompletableFuture<IdentityLookup> lookup(InetSocketAddress peer) {
    Slot slot = slots.get(PeerKey.of(peer), key -> new Slot());
    return slot.lookup(peer, nanoTime.getAsLong());
  }

  /**
   * Starts refreshing every answer {@code change} affects; answers that say "no peer" are dropped.
   */
  void invalidate(Invalidation change) {
    slots
        .asMap()
        .forEach(
            (key, slot) -> {
              Answer answer = slot.answer;
              if (answer == null) {
                return;
              }
              if (answer.lookup() instanceof IdentityLookup.Found found) {
                if (change.affects(found.identity())) {
                  slot.refresh(answer.peer());
                }
              } else if (change.all()) {
                slots.asMap().remove(key, slot);
              }
            });
  }

  long size() {
    return slots.estimatedSize();
  }

  /** An answer and when it arrived; {@code peer} is the address it was asked for. */
  private record Answer(IdentityLookup lookup, long atNanos, InetSocketAddress peer) {}

  /** One peer's answer, and the one whois in flight for it, if any. */
  private final class Slot {
    private volatile Answer answer;
    private CompletableFuture<IdentityLookup> pending;

    CompletableFuture<IdentityLookup> lookup(InetSocketAddress peer, long now) {
      Answer current = answer;
      if (current != null) {
        long age = now - current.atNanos();
        if (age <= policy.timeout().toNanos()) {
          observer.served(IdentityObserver.Served.HIT);
          return CompletableFuture.completedFuture(current.lookup());
        }
        if (source.changesArrive() && age <= policy.timeout().plus(policy.grace()).toNanos()) {
          refresh(peer);
          observer.served(IdentityObserver.Served.STALE);
          return CompletableFuture.completedFuture(current.lookup());
        }
      }
      observer.served(IdentityObserver.Served.MISS);
      return refresh(peer);
    }

    /** The whois in flight for this peer, started if there is none. */
    synchronized CompletableFuture<IdentityLookup> refresh(InetSocketAddress peer) {
      if (pending != null) {
        return pending;
      }
      CompletableFuture<IdentityLookup> asked = IdentityResolver.ask(source, peer, observer);
      pending = asked;
      asked.whenComplete((result, failure) -> settle(result, peer));
      return asked;
    }

    private synchronized void settle(IdentityLookup result, InetSocketAddress peer) {
      pending = null;
      if (result != null && !(result instanceof IdentityLookup.Failed)) {
        answer = new Answer(result, nanoTime.getAsLong(), peer);
      }
    }
  }

  /**
   * How long answers serve: {@code AuthTailscaleCacheTimeout} and {@code AuthTailscaleCacheGrace}.
   */
  record CachePolicy(Duration timeout, Duration grace) {}
}
