package dev.tailgate.localapi.cert;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The checks a pair passes before anyone may serve it: the key signs what the leaf's public key
 * verifies, the leaf names the domain, each certificate is signed by the next, and the leaf is
 * valid now. A pair that fails is never installed, so a bad answer from tailscaled cannot take a
 * site down.
 */
public final class CertPairVerifier {
  private static final SecureRandom RANDOM = new SecureRandom();

  private CertPairVerifier() {}

  public static void verify(CertPair pair, String domain, Instant now)
      throws InvalidCertPairException {
    requireNames(pair.leaf(), domain);
    requireUsable(pair, now);
  }

  /**
   * Every check but the name: for certificates a person configured by file, which httpd serves for
   * whatever names the virtual host has.
   */
  public static void requireUsable(CertPair pair, Instant now) throws InvalidCertPairException {
    requireKeyMatches(pair.privateKey(), pair.leaf().getPublicKey());
    requireChainOrder(pair.chain());
    String subject = pair.leaf().getSubjectX500Principal().getName();
    if (now.isBefore(pair.notBefore())) {
      throw new InvalidCertPairException(
          "the certificate "
              + subject
              + " is not valid before "
              + pair.notBefore()
              + " (now "
              + now
              + ")");
    }
    if (!now.isBefore(pair.notAfter())) {
      throw new InvalidCertPairException(
          "the certificate " + subject + " expired at " + pair.notAfter());
    }
  }

  static void requireKeyMatches(PrivateKey key, PublicKey leafKey) throws InvalidCertPairException {
    if (!key.getAlgorithm().equals(leafKey.getAlgorithm())) {
      throw new InvalidCertPairException(
          "the private key ("
              + key.getAlgorithm()
              + ") does not belong to the certificate ("
              + leafKey.getAlgorithm()
              + ")");
    }
    String algorithm = key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    byte[] probe = new byte[32];
    RANDOM.nextBytes(probe);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(leafKey);
      verifier.update(probe);
      if (!verifier.verify(signature)) {
        throw new InvalidCertPairException("the private key does not match the certificate");
      }
    } catch (GeneralSecurityException e) {
      throw new InvalidCertPairException(
          "the private key does not match the certificate: " + e.getMessage(), e);
    }
  }

  static void requireNames(X509Certificate leaf, String domain) throws InvalidCertPairException {
    List<String> names = dnsNames(leaf);
    String wanted = domain.toLowerCase(Locale.ROOT);
    for (String name : names) {
      if (covers(name.toLowerCase(Locale.ROOT), wanted)) {
        return;
      }
    }
    throw new InvalidCertPairException("the certificate names " + names + ", not " + domain);
  }

  /** Exact match, or a wildcard standing for exactly one leftmost label (RFC 6125). */
  static boolean covers(String pattern, String name) {
    if (pattern.equals(name)) {
      return true;
    }
    if (pattern.startsWith("*.")) {
      int dot = name.indexOf('.');
      return dot > 0 && name.substring(dot).equals(pattern.substring(1));
    }
    return false;
  }

  private static List<String> dnsNames(X509Certificate leaf) throws InvalidCertPairException {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> sans = leaf.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (Integer.valueOf(2).equals(san.get(0))) {
            names.add((String) san.get(1));
          }
        }
      }
    } catch (CertificateParsingException e) {
      throw new InvalidCertPairException(
          "unreadable subject alternative names: " + e.getMessage(), e);
    }
    return names;
  }

  private static void requireChainOrder(List<X509Certificate> chain)
      throws InvalidCertPairException {
    for (int i = 0; i + 1 < chain.size(); i++) {
      X509Certificate child = chain.get(i);
      X509Certificate issuer = chain.get(i + 1);
      if (!child.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
        throw new InvalidCertPairException(
            "certificate "
                + (i + 1)
                + " of the chain is not issued by certificate "
                + (i + 2)
                + " (the chain must be leaf first, then each issuer)");
      }
      try {
        child.verify(issuer.getPublicKey());
      } catch (GeneralSecurityException e) {
        throw new InvalidCertPairException(
            "certificate "
                + (i + 1)
                + " of the chain does not verify against certificate "
                + (i + 2),
            e);
      }
    }
  }
}
