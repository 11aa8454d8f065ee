package dev.tailgate.testkit.ca;

import java.math.BigInteger;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * One issuance for a domain, with the bodies exactly as tailscaled serves them.
 *
 * @param chain leaf first, then the intermediate; never the root
 * @param keyPem the SEC1 {@code EC PRIVATE KEY} block ({@code type=key})
 * @param chainPem the certificate blocks ({@code type=cert}, the default)
 */
public record IssuedCertificate(
    String domain,
    List<X509Certificate> chain,
    PrivateKey privateKey,
    String keyPem,
    String chainPem) {
  public IssuedCertificate {
    chain = List.copyOf(chain);
  }

  public X509Certificate leaf() {
    return chain.get(0);
  }

  public BigInteger serial() {
    return leaf().getSerialNumber();
  }

  public Instant notAfter() {
    return leaf().getNotAfter().toInstant();
  }

  public Instant notBefore() {
    return leaf().getNotBefore().toInstant();
  }

  /** The {@code type=pair} body: key block immediately followed by the chain. */
  public String pairPem() {
    return keyPem + chainPem;
  }
}
