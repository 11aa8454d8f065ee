package dev.tailgate.localapi;

/**
 * tailscaled answered, but with something we must not trust: malformed JSON, an oversized body, a
 * certificate whose key does not match. Fail closed: callers treat this like an outage, never as
 * "identity unknown, let it through".
 */
public class BadResponseException extends LocalApiException {
  public BadResponseException(String message, int status, Throwable cause) {
    super(message, status, cause);
  }
}
