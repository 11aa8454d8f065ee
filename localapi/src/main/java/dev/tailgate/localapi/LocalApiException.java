package dev.tailgate.localapi;

/**
 * Something went wrong talking to tailscaled. Each subclass names one cause a person can act on, so
 * callers catch the cause they can handle (a server turns {@link DaemonUnavailableException} into
 * 503, a certificate manager backs off on {@link RateLimitedException}) and show {@link
 * #getMessage()} for the rest: every message says what happened and what to check.
 */
public class LocalApiException extends Exception {
  private final int status;

  public LocalApiException(String message) {
    this(message, 0, null);
  }

  public LocalApiException(String message, int status, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /** The HTTP status tailscaled answered with, or 0 when there was no answer at all. */
  public int status() {
    return status;
  }
}
