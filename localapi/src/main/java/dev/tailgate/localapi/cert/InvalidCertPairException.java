package dev.tailgate.localapi.cert;

/**
 * A certificate/key pair that must not be served: unreadable, mismatched, expired or for another
 * name.
 */
public class InvalidCertPairException extends Exception {
  public InvalidCertPairException(String message) {
    super(message);
  }

  public InvalidCertPairException(String message, Throwable cause) {
    super(message, cause);
  }
}
