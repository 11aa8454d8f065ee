package dev.tailgate.localapi;

/**
 * tailscaled refused this caller (403, or 401 on token transports). The message carries the fix,
 * which differs per endpoint: certificates need {@code TS_PERMIT_CERT_UID} or operator rights,
 * while reads need access to the socket itself.
 */
public class AccessDeniedException extends LocalApiException {
  public AccessDeniedException(String message, int status) {
    super(message, status, null);
  }
}
