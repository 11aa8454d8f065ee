package dev.tailgate.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * One certificate set as the TLS layer serves it. Immutable: a renewal installs a new instance, so
 * a handshake that picked this one keeps a consistent key and chain even while the swap happens.
 *
 * @param owner what the certificate belongs to (a virtual host or a managed domain)
 * @param alias unique per installation; the key manager hands it to the JDK between choosing and
 *     fetching the key, so it must still resolve if a swap happens in between
 * @param names the host names this certificate is chosen for (may include {@code *.} wildcards)
 */
public record ServedCertificate(
    CertOwner owner,
    String alias,
    List<String> names,
    PrivateKey privateKey,
    List<X509Certificate> chain,
    Instant installedAt) {

  public ServedCertificate {
    names = List.copyOf(names);
    chain = List.copyOf(chain);
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  /** The JDK's key type for this key: {@code EC} or {@code RSA}. */
  public String keyType() {
    return privateKey.getAlgorithm();
  }

  @Override
  public String toString() {
    return "ServedCertificate[owner="
        + owner
        + ", alias="
        + alias
        + ", names="
        + names
        + ", serial="
        + leaf().getSerialNumber().toString(16)
        + ", notAfter="
        + leaf().getNotAfter().toInstant()
        + ", key=<redacted>]";
  }
}
