package dev.tailgate.auth.identity;

import dev.tailgate.localapi.LocalApiClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * Asks tailscaled who a peer is, and remembers the answers: one {@link IdentityCache} per
 * tailscaled, shared by every connection for tailnet nodes (so a node's many connections cost one
 * whois) and kept per connection for other addresses; a known peer's requests never wait for
 * tailscaled (see {@link IdentityCache} for the rules). Concurrent requests for a peer share the
 * one lookup in flight. Nothing here blocks: the caller gets a future completed by the LocalAPI
 * client's own threads.
 */
public final class IdentityResolver {
  private final LongSupplier nanoTime;
  private final IdentityObserver observer;
  private final ConcurrentMap<WhoisSource, IdentityCache> caches = new ConcurrentHashMap<>();

  public IdentityResolver() {
    this(System::nanoTime, IdentityObserver.NONE);
  }

  /**
   * @param nanoTime a monotonic clock; tests pass their own
   */
  public IdentityResolver(LongSupplier nanoTime) {
    this(nanoTime, IdentityObserver.NONE);
  }

  /**
   * @param observer told how each lookup was served and how each whois went (metrics)
   */
  public IdentityResolver(LongSupplier nanoTime, IdentityObserver observer) {
    this.nanoTime = nanoTime;
    this.observer = observer;
  }

  /**
   * @param connection an id unique to the client's connection while it is open (answers for
   *     addresses outside the tailnet are kept per connection); empty when the request is not the
   *     client's own connection
   * @param timeout how long an answer serves further requests as it is; zero asks tailscaled for
   *     every request
   * @param grace how much longer a stale answer serves while a refresh runs, when tailscaled's
   *     change notifications arrive
   */
  public CompletableFuture<IdentityLookup> lookup(
      WhoisSource source,
      InetSocketAddress peer,
      Optional<String> connection,
      Duration timeout,
      Duration grace) {
    Optional<PeerKey> key = PeerKey.of(peer, connection);
    if (key.isEmpty()) {
      observer.served(IdentityObserver.Served.MISS);
      return ask(source, peer, observer);
    }
    return lookup(source, key.get(), peer, timeout, grace);
  }

  /**
   * The same with the key already made ({@code PeerKey.of(peer, connection)}): a server makes it
   * once per connection, so that the connection's requests format no address.
   */
  public CompletableFuture<IdentityLookup> lookup(
      WhoisSource source, PeerKey key, InetSocketAddress peer, Duration timeout, Duration grace) {
    if (timeout.isZero() || timeout.isNegative()) {
      observer.served(IdentityObserver.Served.MISS);
      return ask(source, peer, observer);
    }
    return caches
        .computeIfAbsent(source, s -> new IdentityCache(s, nanoTime, observer))
        .lookup(key, peer, new IdentityCache.Policy(timeout, grace));
  }

  /**
   * The client connection whose requests were looked up by {@code key} has closed. An answer kept
   * for that connection alone (an address outside the tailnet) goes now, not when it would have
   * idled out: a stream of short connections from loopback, as behind another proxy or with
   * tailscaled's userspace networking, would otherwise fill the caches with answers no request can
   * use again. A node's answer serves its other connections and stays.
   */
  public void connectionClosed(PeerKey key) {
    if (!key.wholeNode()) {
      caches.values().forEach(cache -> cache.forget(key));
    }
  }

  /** Applies a change notification from {@code source}'s tailscaled to the answers it gave. */
  public void invalidate(WhoisSource source, Invalidation change) {
    IdentityCache cache = caches.get(source);
    if (cache != null) {
      cache.invalidate(change);
    }
  }

  /**
   * {@code source}'s change notifications stopped for a while and are back, so any of its answers
   * may have missed a change: each is asked about again before it decides another request, and
   * decides by its old answer only while tailscaled cannot be asked, within the cache timeout.
   */
  public void recheck(WhoisSource source) {
    IdentityCache cache = caches.get(source);
    if (cache != null) {
      cache.recheck();
    }
  }

  /** How many peers have an answer (or a lookup) in the caches, for status pages. */
  public long cachedPeers() {
    return caches.values().stream().mapToLong(IdentityCache::size).sum();
  }

  static CompletableFuture<IdentityLookup> ask(
      WhoisSource source, InetSocketAddress peer, IdentityObserver observer) {
    long started = System.nanoTime();
    return ask(source, peer)
        .whenComplete(
            (outcome, failure) -> {
              if (outcome != null) {
                observer.asked(System.nanoTime() - started, outcome);
              }
            });
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
