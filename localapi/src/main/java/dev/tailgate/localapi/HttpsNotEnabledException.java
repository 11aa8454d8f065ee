package dev.tailgate.localapi;

/**
 * The tailnet has no certificate domains: HTTPS (or MagicDNS) is off in the admin console. Nothing
 * on this machine can fix it, so a certificate manager should stop retrying fast and say where to
 * turn it on.
 */
public class HttpsNotEnabledException extends LocalApiException {
  public HttpsNotEnabledException(String message, int status) {
    super(message, status, null);
  }
}
