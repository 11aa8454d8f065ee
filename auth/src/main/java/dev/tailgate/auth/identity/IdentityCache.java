package dev.tailgate.auth.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The identities one tailscaled told us about: one answer per {@link PeerKey} (a tailnet node, or
 * one connection's {@code ip:port}), in a map bounded to {@link #MAX_PEERS} entries.
 *
 * <p>Within the timeout an answer is served as it is. Past it, while tailscaled's change
 * notifications are arriving ({@link WhoisSource#changesArrive()}), the answer keeps serving for at
 * most the grace more while one background whois refreshes it (stale-while-revalidate), so a
 * request on a known peer never waits for tailscaled. A refresh that says "not a peer" replaces the
 * answer; a refresh that fails leaves it until the grace ends, after which requests wait for a
 * whois of their own and get 503 if tailscaled still cannot answer. Without notifications there is
 * no grace: the timeout is strict. A failed lookup is never cached.
 *
 * <p>A notification ({@link #invalidate}) withdraws every answer it concerns at once: no request is
 * judged by it again. A node's answer is asked for again in the background ({@value
 * #MAX_BACKGROUND} at a time, so a whole new netmap does not flood tailscaled); a connection's is
 * simply dropped. A whois that was already on its way when the notification came is asked again,
 * since tailscaled may have answered it before it applied the change.
 *
 * <p>When notifications resume after a gap ({@link #recheck}), nothing is known to have changed,
 * only that something may have: every answer is put in doubt instead of withdrawn. A doubted answer
 * decides no request before tailscaled is asked again (nodes in the background, connections by
 * their next request); if tailscaled cannot answer, the doubted answer still serves within its
 * timeout, as every answer does while no notifications arrive, so a tailscaled that comes back and
 * leaves again does not cut off the peers it had vouched for a moment before.
 */
final class IdentityCache {
  /** Far above the peers of any tailnet, and a bound on what a flood of strangers can occupy. */
  static final long MAX_PEERS = 50_000;

  /** Background refreshes in flight at once, per tailscaled. */
  static final int MAX_BACKGROUND = 8;

  /** How long a node's answer is kept unused. */
  private static final Duration IDLE = Duration.ofMinutes(5);

  /**
   * How long past its timeout and grace a connection's answer is kept unused: an answer serves no
   * request later than that after it arrived, and it arrives at most one whois after the request
   * that asked (LocalAPI requests time out well within this).
   */
  static final Duration WHOIS_SLACK = Duration.ofMinutes(1);

  private final WhoisSource source;
  private final LongSupplier nanoTime;
  private final IdentityObserver observer;
  private final Cache<PeerKey, Slot> slots;
  private final Deque<Runnable> backlog = new ArrayDeque<>();
  private int running;

  IdentityCache(WhoisSource source, LongSupplier nanoTime, IdentityObserver observer) {
    this.source = source;
    this.nanoTime = nanoTime;
    this.observer = observer;
    // Caffeine's upkeep (eviction, expiry) runs on the thread that wrote, not on the common pool:
    // it is a few microseconds, and handing it over woke a pool thread at every new connection
    // and every close (3% of tailgate-auth's CPU per new connection, bench/README.md)
    this.slots =
        Caffeine.newBuilder()
            .maximumSize(MAX_PEERS)
            .expireAfter(new Unused())
            .ticker(nanoTime::getAsLong)
            .executor(Runnable::run)
            .build();
  }

  CompletableFuture<IdentityLookup> lookup(PeerKey key, InetSocketAddress peer, Policy policy) {
    return slots
        .get(key, k -> new Slot(keptUnused(k, policy)))
        .lookup(peer, nanoTime.getAsLong(), policy);
  }

  /**
   * A node's answer: {@link #IDLE}. A connection's: until it can no longer serve, should its close
   * not be reported ({@link IdentityResolver#connectionClosed}; the servlet filter hears of no
   * close), which under connection churn otherwise kept up to {@link #MAX_PEERS} answers no request
   * could use.
   */
  private static long keptUnused(PeerKey key, Policy policy) {
    Duration serving = policy.timeout().plus(policy.grace()).plus(WHOIS_SLACK);
    return (key.wholeNode() || serving.compareTo(IDLE) > 0 ? IDLE : serving).toNanos();
  }

  /** Each slot's own time kept unused, counted from its last lookup. */
  private static final class Unused implements Expiry<PeerKey, Slot> {
    @Override
    public long expireAfterCreate(PeerKey key, Slot slot, long now) {
      return slot.keptUnusedNanos;
    }

    @Override
    public long expireAfterUpdate(PeerKey key, Slot slot, long now, long remaining) {
      return slot.keptUnusedNanos;
    }

    @Override
    public long expireAfterRead(PeerKey key, Slot slot, long now, long remaining) {
      return slot.keptUnusedNanos;
    }
  }

  /** Withdraws every answer {@code change} concerns; nodes are asked again in the background. */
  void invalidate(Invalidation change) {
    slots
        .asMap()
        .forEach(
            (key, slot) -> {
              if (slot.withdraw(change) && slot.answeredPeer().isPresent()) {
                if (key.wholeNode()) {
                  InetSocketAddress peer = slot.answeredPeer().get();
                  inBackground(() -> slot.refresh(peer));
                } else {
                  slots.asMap().remove(key, slot);
                }
              }
            });
  }

  /** Puts every answer in doubt after a gap in the notifications; nodes are asked again. */
  void recheck() {
    slots
        .asMap()
        .forEach(
            (key, slot) -> {
              if (slot.doubt() && key.wholeNode()) {
                slot.answeredPeer().ifPresent(peer -> inBackground(() -> slot.refresh(peer)));
              }
            });
  }

  /** Drops {@code key}'s answer, and the lookup it may have in flight, without asking again. */
  void forget(PeerKey key) {
    slots.invalidate(key);
  }

  long size() {
    slots.cleanUp(); // expired answers otherwise count until the next write
    return slots.estimatedSize();
  }

  /** Runs {@code refresh} now, or once fewer than {@link #MAX_BACKGROUND} are running. */
  private void inBackground(Supplier<CompletableFuture<IdentityLookup>> refresh) {
    synchronized (backlog) {
      if (running >= MAX_BACKGROUND) {
        backlog.add(() -> start(refresh));
        return;
      }
      running++;
    }
    start(refresh);
  }

  private void start(Supplier<CompletableFuture<IdentityLookup>> refresh) {
    refresh
        .get()
        .whenComplete(
            (result, failure) -> {
              Runnable next;
              synchronized (backlog) {
                next = backlog.poll();
                if (next == null) {
                  running--;
                }
              }
              if (next != null) {
                next.run();
              }
            });
  }

  /**
   * How long answers serve: {@code AuthTailscaleCacheTimeout} and {@code AuthTailscaleCacheGrace}.
   */
  record Policy(Duration timeout, Duration grace) {}

  /**
   * An answer and when it arrived; {@code peer} is the address it was asked for; {@code doubted}
   * once changes may have been missed since.
   */
  private record Answer(
      IdentityLookup lookup, long atNanos, InetSocketAddress peer, boolean doubted) {
    Answer doubtedCopy() {
      return new Answer(lookup, atNanos, peer, true);
    }
  }

  /** One peer's answer, the whois in flight for it, and how many notifications it has seen. */
  private final class Slot {
    private final long keptUnusedNanos;
    private volatile Answer answer;
    private InetSocketAddress lastPeer;
    private CompletableFuture<IdentityLookup> pending;
    private long generation;

    Slot(long keptUnusedNanos) {
      this.keptUnusedNanos = keptUnusedNanos;
    }

    CompletableFuture<IdentityLookup> lookup(InetSocketAddress peer, long now, Policy policy) {
      Answer current = answer;
      if (current != null) {
        long age = now - current.atNanos();
        if (age <= policy.timeout().toNanos()) {
          if (current.doubted()) {
            observer.served(IdentityObserver.Served.MISS);
            return refresh(peer).thenApply(outcome -> unlessUnanswered(outcome, policy));
          }
          observer.served(IdentityObserver.Served.HIT);
          return CompletableFuture.completedFuture(current.lookup());
        }
        // a doubted answer gets no grace: the notifications that would justify one were missed
        if (!current.doubted()
            && source.changesArrive()
            && age <= policy.timeout().plus(policy.grace()).toNanos()) {
          refresh(peer);
          observer.served(IdentityObserver.Served.STALE);
          return CompletableFuture.completedFuture(current.lookup());
        }
      }
      observer.served(IdentityObserver.Served.MISS);
      return refresh(peer);
    }

    /**
     * {@code outcome}, or the answer still held when tailscaled could not be asked and that answer
     * is within the timeout (a doubted one: see {@link IdentityCache#recheck}).
     */
    private IdentityLookup unlessUnanswered(IdentityLookup outcome, Policy policy) {
      Answer held = answer;
      if (outcome instanceof IdentityLookup.Failed
          && held != null
          && nanoTime.getAsLong() - held.atNanos() <= policy.timeout().toNanos()) {
        return held.lookup();
      }
      return outcome;
    }

    /** The whois in flight for this peer, started if there is none. */
    synchronized CompletableFuture<IdentityLookup> refresh(InetSocketAddress peer) {
      lastPeer = peer;
      if (pending != null) {
        return pending;
      }
      CompletableFuture<IdentityLookup> started = new CompletableFuture<>();
      pending = started;
      // may settle at once (and clear pending) when the lookup fails without waiting
      ask(peer, started, generation);
      return started;
    }

    private void ask(InetSocketAddress peer, CompletableFuture<IdentityLookup> result, long asOf) {
      IdentityResolver.ask(source, peer, observer)
          .whenComplete((outcome, failure) -> settle(outcome, peer, result, asOf));
    }

    private void settle(
        IdentityLookup outcome,
        InetSocketAddress peer,
        CompletableFuture<IdentityLookup> result,
        long asOf) {
      long now;
      synchronized (this) {
        now = generation;
        if (asOf == now) {
          pending = null;
          if (!(outcome instanceof IdentityLookup.Failed)) {
            answer = new Answer(outcome, nanoTime.getAsLong(), peer, false);
          }
        }
      }
      if (asOf != now) {
        // a notification came while tailscaled was answering: its answer may predate the change
        ask(peer, result, now);
        return;
      }
      result.complete(outcome);
    }

    /** Withdraws the answer if {@code change} concerns it; says whether it did. */
    synchronized boolean withdraw(Invalidation change) {
      Answer current = answer;
      boolean concerned =
          current == null
              ? pending != null
              : current.lookup() instanceof IdentityLookup.Found found
                  ? change.affects(found.identity())
                  : change.all();
      if (concerned) {
        generation++;
        answer = null;
      }
      return concerned;
    }

    /**
     * Puts the answer in doubt, and has a whois in flight asked again; says whether there was
     * either.
     */
    synchronized boolean doubt() {
      Answer current = answer;
      if (current == null && pending == null) {
        return false;
      }
      generation++;
      if (current != null) {
        answer = current.doubtedCopy();
      }
      return true;
    }

    synchronized Optional<InetSocketAddress> answeredPeer() {
      return Optional.ofNullable(lastPeer);
    }
  }
}
