package dev.tailgate.localapi.cert;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * A private key and its certificate chain (leaf first), plus the PEM text exactly as tailscaled
 * sent it so a store can write the bytes it verified. The key is a secret: {@link #toString()}
 * never shows it, so a pair can be logged safely.
 */
public record CertPair(
    PrivateKey privateKey, List<X509Certificate> chain, String keyPem, String chainPem) {

  public CertPair {
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("a certificate chain needs at least the leaf");
    }
    chain = List.copyOf(chain);
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  public Instant notBefore() {
    return leaf().getNotBefore().toInstant();
  }

  public Instant notAfter() {
    return leaf().getNotAfter().toInstant();
  }

  @Override
  public String toString() {
    return "CertPair[subject="
        + leaf().getSubjectX500Principal().getName()
        + ", serial="
        + leaf().getSerialNumber().toString(16)
        + ", notAfter="
        + notAfter()
        + ", chain="
        + chain.size()
        + ", key=<redacted>]";
  }
}
