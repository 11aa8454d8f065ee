package dev.tailgate.certs.ocsp;

import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPException;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/**
 * Decides whether an OCSP answer may be stapled to a certificate: the checks a client makes when it
 * receives the staple (RFC 6960 §3.2), made first, so tailgate never staples what a browser would
 * refuse. Used on the responder's answer and again on what the store hands back after a restart.
 */
public final class OcspAnswers {
  /** Clocks disagree; an answer dated a little ahead of ours is still the CA's latest. */
  static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

  private OcspAnswers() {}

  /**
   * The checked answer about {@code leaf}.
   *
   * @throws OcspException when it is not a successful, signed, current answer about exactly this
   *     certificate from its issuer (or a responder the issuer authorised)
   */
  public static OcspStaple check(
      byte[] der, X509Certificate leaf, X509Certificate issuer, Instant now) throws OcspException {
    OCSPResp response;
    try {
      response = new OCSPResp(der);
    } catch (IOException | RuntimeException e) {
      throw new OcspException("the answer is not an OCSP response");
    }
    if (response.getStatus() != OCSPResp.SUCCESSFUL) {
      throw new OcspException(
          "the responder answered \""
              + statusWord(response.getStatus())
              + "\" instead of a status");
    }
    BasicOCSPResp basic;
    try {
      basic = (BasicOCSPResp) response.getResponseObject();
    } catch (OCSPException | ClassCastException e) {
      throw new OcspException("the answer is not a basic OCSP response");
    }
    if (basic == null) {
      throw new OcspException("the answer is empty");
    }
    X509CertificateHolder issuerHolder = holder(issuer);
    if (!signedBy(basic, issuer.getPublicKey()) && !signedByDelegate(basic, issuerHolder, now)) {
      throw new OcspException(
          "the answer is not signed by the certificate's issuer or a responder it authorised");
    }
    SingleResp single = about(basic, leaf, issuerHolder);
    Instant thisUpdate = single.getThisUpdate().toInstant();
    Date next = single.getNextUpdate();
    if (next == null) {
      throw new OcspException(
          "the answer has no nextUpdate, so clients cannot tell when it goes stale");
    }
    Instant nextUpdate = next.toInstant();
    if (thisUpdate.isAfter(now.plus(CLOCK_SKEW))) {
      throw new OcspException(
          "the answer is dated " + thisUpdate + ", in the future: check this machine's clock");
    }
    if (!nextUpdate.isAfter(now)) {
      throw new OcspException("the answer went stale at " + nextUpdate);
    }
    if (!nextUpdate.isAfter(thisUpdate)) {
      throw new OcspException("the answer's nextUpdate is not after its thisUpdate");
    }
    return new OcspStaple(der, leaf.getSerialNumber(), status(single), thisUpdate, nextUpdate);
  }

  /** The SHA-1 certificate ID the JDK and CAs use in requests (RFC 5019). */
  public static CertificateID idOf(X509Certificate leaf, X509Certificate issuer)
      throws OcspException {
    try {
      return new CertificateID(
          digests().get(CertificateID.HASH_SHA1), holder(issuer), leaf.getSerialNumber());
    } catch (OperatorCreationException | OCSPException e) {
      throw new OcspException("cannot name the certificate for OCSP: " + e.getMessage(), e);
    }
  }

  private static SingleResp about(
      BasicOCSPResp basic, X509Certificate leaf, X509CertificateHolder issuer)
      throws OcspException {
    for (SingleResp single : basic.getResponses()) {
      CertificateID id = single.getCertID();
      try {
        if (id.getSerialNumber().equals(leaf.getSerialNumber())
            && id.matchesIssuer(issuer, digests())) {
          return single;
        }
      } catch (OCSPException | OperatorCreationException e) {
        // an ID in a hash this JDK cannot compute cannot be ours
      }
    }
    throw new OcspException(
        "the answer is not about this certificate (serial "
            + leaf.getSerialNumber().toString(16)
            + ")");
  }

  private static OcspStaple.CertStatus status(SingleResp single) {
    CertificateStatus status = single.getCertStatus();
    if (status == CertificateStatus.GOOD) {
      return OcspStaple.CertStatus.GOOD;
    }
    return status instanceof RevokedStatus
        ? OcspStaple.CertStatus.REVOKED
        : OcspStaple.CertStatus.UNKNOWN;
  }

  private static boolean signedBy(BasicOCSPResp basic, PublicKey key) {
    try {
      return basic.isSignatureValid(verifier(key));
    } catch (OCSPException | OperatorCreationException e) {
      return false;
    }
  }

  /** RFC 6960 §4.2.2.2: a responder certificate issued by the CA for OCSP signing. */
  private static boolean signedByDelegate(
      BasicOCSPResp basic, X509CertificateHolder issuer, Instant now) {
    for (X509CertificateHolder responder : basic.getCerts()) {
      try {
        ExtendedKeyUsage usage = ExtendedKeyUsage.fromExtensions(responder.getExtensions());
        if (usage != null
            && usage.hasKeyPurposeId(KeyPurposeId.id_kp_OCSPSigning)
            && responder.getIssuer().equals(issuer.getSubject())
            && responder.isValidOn(Date.from(now))
            && responder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuer))
            && basic.isSignatureValid(new JcaContentVerifierProviderBuilder().build(responder))) {
          return true;
        }
      } catch (OperatorCreationException
          | OCSPException
          | org.bouncycastle.cert.CertException
          | java.security.cert.CertificateException e) {
        // not a responder this answer can be checked against: try the next
      }
    }
    return false;
  }

  private static ContentVerifierProvider verifier(PublicKey key) throws OperatorCreationException {
    return new JcaContentVerifierProviderBuilder().build(key);
  }

  private static DigestCalculatorProvider digests() throws OperatorCreationException {
    return new JcaDigestCalculatorProviderBuilder().build();
  }

  private static X509CertificateHolder holder(X509Certificate certificate) throws OcspException {
    try {
      return new JcaX509CertificateHolder(certificate);
    } catch (CertificateEncodingException e) {
      throw new OcspException("cannot read the issuer certificate: " + e.getMessage(), e);
    }
  }

  private static String statusWord(int status) {
    switch (status) {
      case OCSPResp.MALFORMED_REQUEST:
        return "malformed request";
      case OCSPResp.INTERNAL_ERROR:
        return "internal error";
      case OCSPResp.TRY_LATER:
        return "try later";
      case OCSPResp.SIG_REQUIRED:
        return "signature required";
      case OCSPResp.UNAUTHORIZED:
        return "unauthorized";
      default:
        return "status " + status;
    }
  }
}
