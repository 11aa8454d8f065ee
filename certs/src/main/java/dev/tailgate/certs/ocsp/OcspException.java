package dev.tailgate.certs.ocsp;

/**
 * An OCSP answer that cannot be stapled, or a responder that could not be asked. The message is for
 * the administrator: what was wrong, in words, never the bytes received.
 */
public final class OcspException extends Exception {
  private static final long serialVersionUID = 1L;

  public OcspException(String message) {
    super(message);
  }

  public OcspException(String message, Throwable cause) {
    super(message, cause);
  }
}
