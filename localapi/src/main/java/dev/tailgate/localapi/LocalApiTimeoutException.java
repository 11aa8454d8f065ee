package dev.tailgate.localapi;

import java.time.Duration;

/**
 * tailscaled accepted the request but did not answer in time. Kept apart from {@link
 * DaemonUnavailableException} because a first certificate legitimately takes a minute, and the fix
 * (a longer timeout, or patience) differs from "start tailscaled".
 */
public class LocalApiTimeoutException extends LocalApiException {
  private final Duration timeout;

  public LocalApiTimeoutException(String message, Duration timeout, Throwable cause) {
    super(message, 0, cause);
    this.timeout = timeout;
  }

  public Duration timeout() {
    return timeout;
  }
}
