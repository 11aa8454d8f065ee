package dev.tailgate.testkit.ca;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.X509ObjectIdentifiers;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away CA standing in for Let's Encrypt: root and intermediate are ECDSA P-384 (like LE's
 * E-series), leaves are ECDSA P-256 with {@code CN} and SAN DNS = the domain, and keys are handed
 * out as SEC1 {@code EC PRIVATE KEY}, as tailscaled does. Tests trust {@link #rootPem()} or {@link
 * #trustStore()} and can then complete real TLS handshakes with what the fake served.
 *
 * <p>Time comes from the given {@link Clock}, so a test can pin or advance it.
 */
public final class TestCertificateAuthority {
  /** Let's Encrypt's default profile. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(90);

  private static final String ROOT_NAME = "CN=TEST ONLY tailgate Fake Root, O=tailgate testkit";
  private static final String INTERMEDIATE_NAME =
      "CN=TEST ONLY tailgate Fake E1, O=tailgate testkit";
  // LE-shaped extensions, so bodies have realistic sizes (a pair exceeds Go's 2048-byte
  // buffer and is sent chunked, as from the real daemon). The .invalid URLs never resolve.
  private static final String INTERMEDIATE_URL = "http://e1.i.tailgate-test-ca.invalid/";
  private static final String CRL_URL = "http://e1.c.tailgate-test-ca.invalid/42.crl";
  private static final ASN1ObjectIdentifier DOMAIN_VALIDATED =
      new ASN1ObjectIdentifier("2.23.140.1.2.1");

  private final Clock clock;
  private final Duration leafLifetime;
  private final SecureRandom random = new SecureRandom();
  private final KeyPair rootKey;
  private final X509Certificate root;
  private final KeyPair intermediateKey;
  private final X509Certificate intermediate;

  public TestCertificateAuthority() {
    this(Clock.systemUTC(), DEFAULT_LIFETIME);
  }

  public TestCertificateAuthority(Clock clock, Duration leafLifetime) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (leafLifetime.isNegative() || leafLifetime.isZero()) {
      throw new IllegalArgumentException("leaf lifetime must be positive: " + leafLifetime);
    }
    this.leafLifetime = leafLifetime;
    Instant now = now();
    try {
      rootKey = generate("secp384r1");
      root =
          caCertificate(
              new X500Name(ROOT_NAME),
              rootKey.getPublic(),
              new X500Name(ROOT_NAME),
              rootKey,
              now.minus(Duration.ofDays(1)),
              now.plus(Duration.ofDays(365 * 20)),
              -1);
      intermediateKey = generate("secp384r1");
      intermediate =
          caCertificate(
              new X500Name(INTERMEDIATE_NAME),
              intermediateKey.getPublic(),
              new X500Name(ROOT_NAME),
              rootKey,
              now.minus(Duration.ofDays(1)),
              now.plus(Duration.ofDays(365 * 10)),
              0);
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot create the test CA", e);
    }
  }

  public Clock clock() {
    return clock;
  }

  public Duration leafLifetime() {
    return leafLifetime;
  }

  public X509Certificate rootCertificate() {
    return root;
  }

  public X509Certificate intermediateCertificate() {
    return intermediate;
  }

  public String rootPem() {
    return pem(root);
  }

  /** An in-memory PKCS#12 store holding only the root, for a TLS client's trust manager. */
  public KeyStore trustStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("tailgate-test-root", root);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A fresh leaf (new key, new serial) valid from now for the configured lifetime. A wildcard
   * {@code *.node.ts.net} also gets {@code node.ts.net} as a SAN, as from ACME.
   */
  public IssuedCertificate issue(String domain) {
    Instant notBefore = now();
    try {
      KeyPair leafKey = generate("secp256r1");
      List<GeneralName> sans = new ArrayList<>();
      sans.add(new GeneralName(GeneralName.dNSName, domain));
      if (domain.startsWith("*.")) {
        sans.add(new GeneralName(GeneralName.dNSName, domain.substring(2)));
      }
      JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
                  intermediate,
                  serial(),
                  Date.from(notBefore),
                  Date.from(notBefore.plus(leafLifetime)),
                  new X500Name("CN=" + domain),
                  leafKey.getPublic())
              .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
              .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
              .addExtension(
                  Extension.extendedKeyUsage,
                  false,
                  new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
              .addExtension(
                  Extension.subjectAlternativeName,
                  false,
                  new GeneralNames(sans.toArray(GeneralName[]::new)))
              .addExtension(
                  Extension.subjectKeyIdentifier,
                  false,
                  ext.createSubjectKeyIdentifier(leafKey.getPublic()))
              .addExtension(
                  Extension.authorityKeyIdentifier,
                  false,
                  ext.createAuthorityKeyIdentifier(intermediate))
              .addExtension(
                  Extension.authorityInfoAccess,
                  false,
                  new AuthorityInformationAccess(
                      X509ObjectIdentifiers.id_ad_caIssuers,
                      new GeneralName(GeneralName.uniformResourceIdentifier, INTERMEDIATE_URL)))
              .addExtension(
                  Extension.certificatePolicies,
                  false,
                  new CertificatePolicies(new PolicyInformation(DOMAIN_VALIDATED)))
              .addExtension(Extension.cRLDistributionPoints, false, crlDistributionPoint());
      X509Certificate leaf = sign(builder, intermediateKey.getPrivate());
      return new IssuedCertificate(
          domain,
          List.of(leaf, intermediate),
          leafKey.getPrivate(),
          sec1Pem(leafKey),
          pem(leaf) + pem(intermediate));
    } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot issue a test certificate for " + domain, e);
    }
  }

  /**
   * Go's {@code x509.MarshalECPrivateKey}: version 1, the 32-byte scalar, {@code [0]} the curve OID
   * and {@code [1]} the uncompressed public point (121 bytes for P-256).
   */
  static String sec1Pem(KeyPair keyPair) throws IOException {
    ECPrivateKey priv = (ECPrivateKey) keyPair.getPrivate();
    byte[] spki = keyPair.getPublic().getEncoded();
    DERBitString point =
        new DERBitString(SubjectPublicKeyInfo.getInstance(spki).getPublicKeyData().getBytes());
    int orderBits = priv.getParams().getOrder().bitLength();
    org.bouncycastle.asn1.sec.ECPrivateKey sec1 =
        new org.bouncycastle.asn1.sec.ECPrivateKey(
            orderBits, priv.getS(), point, SECObjectIdentifiers.secp256r1);
    return Pem.encode("EC PRIVATE KEY", sec1.getEncoded(ASN1Encoding.DER));
  }

  /** Like Let's Encrypt's leaves: a CRL URL (no OCSP since 2025). */
  private static CRLDistPoint crlDistributionPoint() {
    GeneralNames crl =
        new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, CRL_URL));
    return new CRLDistPoint(
        new DistributionPoint[] {
          new DistributionPoint(new DistributionPointName(crl), null, null)
        });
  }

  private X509Certificate caCertificate(
      X500Name subject,
      PublicKey key,
      X500Name issuer,
      KeyPair issuerKey,
      Instant notBefore,
      Instant notAfter,
      int pathLength)
      throws GeneralSecurityException, OperatorCreationException, IOException {
    JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
    X509v3CertificateBuilder builder =
        new JcaX509v3CertificateBuilder(
                issuer, serial(), Date.from(notBefore), Date.from(notAfter), subject, key)
            .addExtension(
                Extension.basicConstraints,
                true,
                pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength))
            .addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
            .addExtension(
                Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
    if (issuerKey != null && !issuer.equals(subject)) {
      builder.addExtension(
          Extension.authorityKeyIdentifier,
          false,
          ext.createAuthorityKeyIdentifier(issuerKey.getPublic()));
    }
    return sign(builder, issuerKey.getPrivate());
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws OperatorCreationException, GeneralSecurityException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA384withECDSA").build(issuerKey)));
  }

  private BigInteger serial() {
    return new BigInteger(1, randomBytes(18));
  }

  private byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    random.nextBytes(bytes);
    bytes[0] &= 0x7f;
    return bytes;
  }

  private static KeyPair generate(String curve) throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec(curve));
    return generator.generateKeyPair();
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  private static String pem(X509Certificate certificate) {
    try {
      return Pem.encode("CERTIFICATE", certificate.getEncoded());
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
