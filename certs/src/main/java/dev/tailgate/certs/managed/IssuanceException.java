package dev.tailgate.certs.managed;

import java.time.Duration;
import java.util.Optional;

/**
 * A source could not issue, with a message a person can act on and, when the issuer said so, how
 * long to wait before asking again (an ACME {@code Retry-After}).
 */
public class IssuanceException extends RuntimeException {
  private final transient Optional<Duration> retryAfter;

  public IssuanceException(String message, Optional<Duration> retryAfter, Throwable cause) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  public Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
