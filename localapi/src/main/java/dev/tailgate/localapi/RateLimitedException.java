package dev.tailgate.localapi;

import java.time.Duration;
import java.util.Optional;

/**
 * The certificate authority behind tailscaled rate-limited us (429). Retrying early only extends
 * the ban, so the wait tailscaled asked for is kept for the caller's scheduler.
 */
public class RateLimitedException extends LocalApiException {
  private final Duration retryAfter;

  public RateLimitedException(String message, Duration retryAfter) {
    super(message, 429, null);
    this.retryAfter = retryAfter;
  }

  /** The {@code Retry-After} tailscaled sent, if any. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
