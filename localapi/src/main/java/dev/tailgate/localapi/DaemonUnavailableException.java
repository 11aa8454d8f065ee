package dev.tailgate.localapi;

/**
 * tailscaled could not be reached: the socket is missing, nothing listens on it, or the connection
 * broke. Transient by nature (the daemon restarts, upgrades), so callers retry; the message names
 * the endpoint that was tried so a person can check the right path.
 */
public class DaemonUnavailableException extends LocalApiException {
  public DaemonUnavailableException(String message, Throwable cause) {
    super(message, 0, cause);
  }
}
