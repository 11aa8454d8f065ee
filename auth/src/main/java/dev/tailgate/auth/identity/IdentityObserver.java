package dev.tailgate.auth.identity;

/**
 * What the identity cache did for each lookup, for metrics. Called on the request path and on the
 * LocalAPI client's threads, so implementations must be cheap and thread-safe.
 */
public interface IdentityObserver {
  IdentityObserver NONE = new IdentityObserver() {};

  /** How a lookup was served. */
  enum Served {
    /** From a fresh answer. */
    HIT,
    /** From an answer past its timeout, while a refresh runs. */
    STALE,
    /** It waited for a whois (no usable answer, or no cache). */
    MISS
  }

  default void served(Served how) {}

  /** A whois finished after {@code nanos}, with this outcome. */
  default void asked(long nanos, IdentityLookup outcome) {}
}
