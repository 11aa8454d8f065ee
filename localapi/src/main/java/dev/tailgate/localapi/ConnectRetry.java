package dev.tailgate.localapi;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The pauses between attempts to reach a busy tailscaled: 5 ms doubling to 200 ms, each drawn at
 * random between half and all of that, so a burst of callers does not come back in step and
 * overflow the accept queue again.
 */
final class ConnectRetry {
  private static final long FIRST_MILLIS = 5;
  private static final long MAX_MILLIS = 200;

  private ConnectRetry() {}

  /** The pause after failed attempt number {@code attempt} (1-based). */
  static Duration pause(int attempt) {
    long ceiling = Math.min(MAX_MILLIS, FIRST_MILLIS << Math.min(attempt - 1, 10));
    return Duration.ofNanos(
        ThreadLocalRandom.current().nextLong(ceiling * 1_000_000L / 2, ceiling * 1_000_000L + 1));
  }

  /**
   * The final failure, saying it was not the first try, so a log reader knows the daemon was
   * retried.
   */
  static LocalApiException afterAttempts(LocalApiException failure, int attempts) {
    if (failure instanceof DaemonUnavailableException) {
      return new DaemonUnavailableException(
          failure.getMessage() + " (tried " + attempts + " times within the request's time budget)",
          failure.getCause());
    }
    return failure;
  }
}
