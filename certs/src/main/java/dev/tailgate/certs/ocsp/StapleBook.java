package dev.tailgate.certs.ocsp;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;

/**
 * The checked OCSP answers of every certificate the process serves, by certificate ID: what the TLS
 * engine staples. The JDK's engine fetches staples itself from an OCSP responder URL, so the server
 * points it at a loopback responder that answers from here ({@link #answer}); one book for the
 * process, kept across reloads, so an answer is never missing while a new manager starts.
 */
public final class StapleBook {
  private static final byte[] UNAUTHORIZED = unauthorized();

  private record Entry(String domain, CertificateID id, OcspStaple staple) {}

  private final Map<BigInteger, Entry> bySerial = new ConcurrentHashMap<>();
  private final Clock clock;

  public StapleBook(Clock clock) {
    this.clock = clock;
  }

  /** Staples {@code staple} to handshakes that serve {@code domain}'s certificate {@code id}. */
  public void put(String domain, CertificateID id, OcspStaple staple) {
    bySerial.put(id.getSerialNumber(), new Entry(domain, id, staple));
  }

  /**
   * Stops stapling for every domain {@code keep} rejects: a reload that turned {@code MDStapling}
   * off, or removed the domain, must not leave its last answer stapled until it goes stale.
   */
  public void retain(java.util.function.Predicate<String> keep) {
    bySerial.values().removeIf(entry -> !keep.test(entry.domain()));
  }

  /** Stops stapling for the certificate with {@code serial} (it is no longer served). */
  public void remove(BigInteger serial) {
    bySerial.remove(serial);
  }

  /** The answer stapled for {@code id}, while it is fresh. */
  public Optional<OcspStaple> find(CertificateID id) {
    Entry entry = bySerial.get(id.getSerialNumber());
    if (entry == null || !entry.id().equals(id) || !entry.staple().freshAt(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(entry.staple());
  }

  /**
   * The loopback responder's answer to an OCSP request: the stored DER for the one certificate it
   * asks about, or "unauthorized" (RFC 6960 §2.3, "the responder has no authoritative answer") for
   * anything else, which the JDK staples nothing for.
   */
  public byte[] answer(byte[] request) {
    try {
      Req[] asked = new OCSPReq(request).getRequestList();
      if (asked.length == 1) {
        Optional<OcspStaple> staple = find(asked[0].getCertID());
        if (staple.isPresent()) {
          return staple.get().der();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not a request this responder can answer
    }
    return UNAUTHORIZED.clone();
  }

  private static byte[] unauthorized() {
    try {
      return new OCSPRespBuilder().build(OCSPResp.UNAUTHORIZED, null).getEncoded();
    } catch (OCSPException | IOException e) {
      throw new IllegalStateException("cannot encode an OCSP error response", e);
    }
  }
}
