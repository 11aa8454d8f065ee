package dev.tailgate.localapi;

/**
 * tailscaled runs but has no network map: it is logged out, stopped or still starting. Certificates
 * cannot be fetched until {@code tailscale up} succeeds.
 */
public class NotLoggedInException extends LocalApiException {
  public NotLoggedInException(String message, int status) {
    super(message, status, null);
  }
}
