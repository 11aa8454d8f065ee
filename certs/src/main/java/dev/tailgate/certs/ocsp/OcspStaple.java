package dev.tailgate.certs.ocsp;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;

/**
 * A CA's signed answer about one certificate, checked, as it is stapled to handshakes: the DER
 * bytes exactly as the responder sent them, and the facts that decide when to ask again.
 *
 * @param der the OCSPResponse as received; never modified
 * @param serial the certificate it is about
 * @param status what the CA says about it
 * @param thisUpdate when the CA made the statement
 * @param nextUpdate when it goes stale: a client refuses it after this
 */
public record OcspStaple(
    byte[] der, BigInteger serial, CertStatus status, Instant thisUpdate, Instant nextUpdate) {

  /** What the CA says about the certificate. */
  public enum CertStatus {
    GOOD,
    REVOKED,
    UNKNOWN;

    /** As OCSP and {@code openssl ocsp} spell it. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public OcspStaple {
    der = der.clone();
  }

  @Override
  public byte[] der() {
    return der.clone();
  }

  /**
   * When to ask the responder again: once a third of the answer's validity remains, mod_md's
   * default {@code MDStaplingRenewWindow}, so a responder that is down for a while is retried long
   * before clients would see a stale answer.
   */
  public Instant refreshAt() {
    Duration validity = Duration.between(thisUpdate, nextUpdate);
    return nextUpdate.minus(validity.dividedBy(3));
  }

  /** Whether a client would still accept it at {@code now}. */
  public boolean freshAt(Instant now) {
    return now.isBefore(nextUpdate);
  }

  @Override
  public String toString() {
    return "OcspStaple[serial="
        + serial.toString(16)
        + ", status="
        + status.word()
        + ", thisUpdate="
        + thisUpdate
        + ", nextUpdate="
        + nextUpdate
        + "]";
  }
}
