package dev.tailgate.certs.ocsp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReqBuilder;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.Test;

/**
 * What tailgate accepts as an OCSP answer to staple: exactly what a client would accept, and an
 * attacker's or a broken responder's answers are refused with a reason a person can act on.
 */
class OcspAnswersTest {
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  private final KeyPair caKeys = keys();
  private final X509Certificate ca =
      certificate("CN=Test CA", caKeys, "CN=Test CA", caKeys, 1, true, false);
  private final X509Certificate leaf =
      certificate("CN=shop.example.com", keys(), "CN=Test CA", caKeys, 1001, false, false);
  private final X509Certificate otherLeaf =
      certificate("CN=www.example.com", keys(), "CN=Test CA", caKeys, 1002, false, false);

  @Test
  void aGoodAnswerFromTheIssuerIsStapledWithItsDates() throws Exception {
    byte[] der = answer(caKeys, ca, leaf, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(4)), null);

    OcspStaple staple = OcspAnswers.check(der, leaf, ca, NOW);

    assertThat(staple.status()).isEqualTo(OcspStaple.CertStatus.GOOD);
    assertThat(staple.serial()).isEqualTo(leaf.getSerialNumber());
    assertThat(staple.nextUpdate()).isEqualTo(NOW.plus(Duration.ofDays(4)));
    assertThat(staple.der()).isEqualTo(der);
    // a third of the validity before it goes stale
    assertThat(staple.refreshAt())
        .isEqualTo(
            NOW.plus(Duration.ofDays(4)).minus(Duration.ofDays(4).plusSeconds(60).dividedBy(3)));
  }

  @Test
  void aRevocationIsReportedAsSuch() throws Exception {
    byte[] der =
        answer(
            caKeys,
            ca,
            leaf,
            NOW.minusSeconds(60),
            NOW.plus(Duration.ofDays(4)),
            new RevokedStatus(Date.from(NOW.minusSeconds(600)), 1));

    assertThat(OcspAnswers.check(der, leaf, ca, NOW).status())
        .isEqualTo(OcspStaple.CertStatus.REVOKED);
  }

  @Test
  void anAnswerSignedByAnyOtherKeyIsRefused() throws Exception {
    byte[] der = answer(keys(), ca, leaf, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(4)), null);

    assertThatThrownBy(() -> OcspAnswers.check(der, leaf, ca, NOW))
        .isInstanceOf(OcspException.class)
        .hasMessageContaining("not signed by the certificate's issuer");
  }

  @Test
  void aResponderTheIssuerAuthorisedForOcspMaySignButAnyOtherCertificateOfItsMayNot()
      throws Exception {
    KeyPair responderKeys = keys();
    X509Certificate delegated =
        certificate("CN=OCSP responder", responderKeys, "CN=Test CA", caKeys, 7, false, true);
    X509Certificate notForOcsp =
        certificate("CN=web server", responderKeys, "CN=Test CA", caKeys, 8, false, false);

    byte[] good =
        answer(responderKeys, delegated, leaf, NOW.minusSeconds(60), NOW.plusSeconds(3600), null);
    byte[] bad =
        answer(responderKeys, notForOcsp, leaf, NOW.minusSeconds(60), NOW.plusSeconds(3600), null);

    assertThat(OcspAnswers.check(good, leaf, ca, NOW).status())
        .isEqualTo(OcspStaple.CertStatus.GOOD);
    assertThatThrownBy(() -> OcspAnswers.check(bad, leaf, ca, NOW))
        .hasMessageContaining("not signed by the certificate's issuer");
  }

  @Test
  void anAnswerAboutAnotherCertificateIsRefused() throws Exception {
    byte[] der =
        answer(caKeys, ca, otherLeaf, NOW.minusSeconds(60), NOW.plus(Duration.ofDays(4)), null);

    assertThatThrownBy(() -> OcspAnswers.check(der, leaf, ca, NOW))
        .hasMessageContaining("not about this certificate (serial 3e9)");
  }

  @Test
  void aStaleAnswerIsRefused() throws Exception {
    byte[] der = answer(caKeys, ca, leaf, NOW.minus(Duration.ofDays(8)), NOW.minusSeconds(1), null);

    assertThatThrownBy(() -> OcspAnswers.check(der, leaf, ca, NOW))
        .hasMessageContaining("went stale at " + NOW.minusSeconds(1));
  }

  @Test
  void anAnswerFromTheFutureIsRefusedWithAWordAboutTheClock() throws Exception {
    byte[] der =
        answer(caKeys, ca, leaf, NOW.plusSeconds(3600), NOW.plus(Duration.ofDays(4)), null);

    assertThatThrownBy(() -> OcspAnswers.check(der, leaf, ca, NOW))
        .hasMessageContaining("in the future: check this machine's clock");
    // within the allowed skew it is the CA's latest
    byte[] skewed =
        answer(caKeys, ca, leaf, NOW.plusSeconds(120), NOW.plus(Duration.ofDays(4)), null);
    assertThat(OcspAnswers.check(skewed, leaf, ca, NOW).status())
        .isEqualTo(OcspStaple.CertStatus.GOOD);
  }

  @Test
  void anAnswerWithoutNextUpdateIsRefused() throws Exception {
    byte[] der = answer(caKeys, ca, leaf, NOW.minusSeconds(60), null, null);

    assertThatThrownBy(() -> OcspAnswers.check(der, leaf, ca, NOW))
        .hasMessageContaining("no nextUpdate");
  }

  @Test
  void garbageAndResponderErrorsAreRefusedWithoutTheirBytes() throws Exception {
    assertThatThrownBy(() -> OcspAnswers.check("<html>502</html>".getBytes(), leaf, ca, NOW))
        .hasMessage("the answer is not an OCSP response");
    byte[] tryLater = new OCSPRespBuilder().build(OCSPRespBuilder.TRY_LATER, null).getEncoded();
    assertThatThrownBy(() -> OcspAnswers.check(tryLater, leaf, ca, NOW))
        .hasMessageContaining("\"try later\"");
  }

  @Test
  void theBookAnswersOnlyForTheCertificateItHoldsAndOnlyWhileFresh() throws Exception {
    byte[] der = answer(caKeys, ca, leaf, NOW.minusSeconds(60), NOW.plusSeconds(600), null);
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    StapleBook book = new StapleBook(clock);
    book.put("shop.example.com", OcspAnswers.idOf(leaf, ca), OcspAnswers.check(der, leaf, ca, NOW));

    assertThat(book.answer(request(leaf))).isEqualTo(der);
    assertThat(new OCSPResp(book.answer(request(otherLeaf))).getStatus())
        .isEqualTo(OCSPResp.UNAUTHORIZED);
    assertThat(new OCSPResp(book.answer("GET / HTTP/1.1".getBytes())).getStatus())
        .isEqualTo(OCSPResp.UNAUTHORIZED);
    StapleBook later = new StapleBook(Clock.fixed(NOW.plusSeconds(601), ZoneOffset.UTC));
    later.put(
        "shop.example.com", OcspAnswers.idOf(leaf, ca), OcspAnswers.check(der, leaf, ca, NOW));
    assertThat(new OCSPResp(later.answer(request(leaf))).getStatus())
        .as("a stale answer is not handed out")
        .isEqualTo(OCSPResp.UNAUTHORIZED);
    book.retain(domain -> !domain.equals("shop.example.com"));
    assertThat(new OCSPResp(book.answer(request(leaf))).getStatus())
        .as("after stapling was switched off for the domain")
        .isEqualTo(OCSPResp.UNAUTHORIZED);
  }

  private byte[] request(X509Certificate certificate) throws Exception {
    return new OCSPReqBuilder().addRequest(OcspAnswers.idOf(certificate, ca)).build().getEncoded();
  }

  private byte[] answer(
      KeyPair signer,
      X509Certificate signerCertificate,
      X509Certificate about,
      Instant thisUpdate,
      Instant nextUpdate,
      CertificateStatus status)
      throws Exception {
    var digests = new JcaDigestCalculatorProviderBuilder().build();
    BasicOCSPRespBuilder builder =
        new BasicOCSPRespBuilder(
            new RespID(
                SubjectPublicKeyInfo.getInstance(signer.getPublic().getEncoded()),
                digests.get(CertificateID.HASH_SHA1)));
    builder.addResponse(
        OcspAnswers.idOf(about, ca),
        status,
        Date.from(thisUpdate),
        nextUpdate == null ? null : Date.from(nextUpdate),
        null);
    var basic =
        builder.build(
            new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate()),
            new X509CertificateHolder[] {new JcaX509CertificateHolder(signerCertificate)},
            Date.from(thisUpdate));
    return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
  }

  private static KeyPair keys() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static X509Certificate certificate(
      String subject,
      KeyPair subjectKeys,
      String issuer,
      KeyPair issuerKeys,
      long serial,
      boolean ca,
      boolean ocspSigning) {
    try {
      X509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              new X500Name(issuer),
              BigInteger.valueOf(serial),
              Date.from(NOW.minus(Duration.ofDays(30))),
              Date.from(NOW.plus(Duration.ofDays(60))),
              new X500Name(subject),
              subjectKeys.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
      if (ocspSigning) {
        builder.addExtension(
            Extension.extendedKeyUsage,
            false,
            new ExtendedKeyUsage(KeyPurposeId.id_kp_OCSPSigning));
      }
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
