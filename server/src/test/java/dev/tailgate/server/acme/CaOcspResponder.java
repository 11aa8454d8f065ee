package dev.tailgate.server.acme;

import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cert.ocsp.BasicOCSPRespBuilder;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPReq;
import org.bouncycastle.cert.ocsp.OCSPRespBuilder;
import org.bouncycastle.cert.ocsp.Req;
import org.bouncycastle.cert.ocsp.RespID;
import org.bouncycastle.cert.ocsp.RevokedStatus;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The CA's OCSP responder for certificates a {@link PebbleCa} issued (pebble has none of its own):
 * a real HTTP server on loopback that answers RFC 6960 POSTs with responses signed by pebble's
 * issuing key, each valid for {@link #validity}. A test switches what it says: good, revoked, an
 * HTTP error (a responder that is down), or an answer signed by a key that is not the CA's (an
 * attacker on the path).
 */
public final class CaOcspResponder implements AutoCloseable {
  public enum Mode {
    GOOD,
    REVOKED,
    DOWN,
    FORGED
  }

  private final Server server = new Server();
  private final ServerConnector connector;
  private final AtomicInteger answered = new AtomicInteger();
  private final AtomicInteger asked = new AtomicInteger();
  private volatile X509Certificate issuer;
  private volatile KeyPair issuerKeys;
  private volatile Mode mode = Mode.GOOD;
  private volatile Duration validity;
  private volatile Duration age = Duration.ofSeconds(1);

  public CaOcspResponder(Duration validity) throws Exception {
    this.validity = validity;
    // a port the system picks (from the ephemeral range, apart from the 20000-32000 that
    // TailgateHarness.freePort draws the other servers' ports from)
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback)
              throws Exception {
            byte[] body = Content.Source.asByteArrayAsync(request, 64 * 1024).get();
            asked.incrementAndGet();
            if (mode == Mode.DOWN || issuer == null) {
              Response.writeError(request, response, callback, 503);
              return true;
            }
            byte[] der = answer(new OCSPReq(body));
            answered.incrementAndGet();
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/ocsp-response");
            response.write(true, ByteBuffer.wrap(der), callback);
            return true;
          }
        });
    server.start();
  }

  /** The URL pebble writes into the certificates it issues. */
  public String url() {
    return "http://127.0.0.1:" + connector.getLocalPort() + "/";
  }

  /** Signs with what signs pebble's certificates (known only once pebble runs). */
  public void signingFor(PebbleCa pebble) throws Exception {
    issuerKeys = pebble.issuingKeys();
    issuer = pebble.issuingCertificate();
  }

  public void mode(Mode value) {
    mode = value;
  }

  public void validity(Duration value) {
    validity = value;
  }

  /** Answers dated this long ago, as a CA serves answers it made in advance. */
  public void answersMadeAgo(Duration value) {
    age = value;
  }

  /** Requests received so far, answered or not. */
  public int asked() {
    return asked.get();
  }

  /** Answers sent so far (errors not counted). */
  public int answered() {
    return answered.get();
  }

  private byte[] answer(OCSPReq request) throws Exception {
    KeyPair signer = issuerKeys;
    if (mode == Mode.FORGED) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(signer.getPublic().getAlgorithm());
      signer = generator.generateKeyPair();
    }
    var digests = new JcaDigestCalculatorProviderBuilder().build();
    BasicOCSPRespBuilder builder =
        new BasicOCSPRespBuilder(
            new RespID(
                org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(
                    signer.getPublic().getEncoded()),
                digests.get(org.bouncycastle.cert.ocsp.CertificateID.HASH_SHA1)));
    Instant now = Instant.now();
    for (Req asked : request.getRequestList()) {
      CertificateStatus status =
          mode == Mode.REVOKED
              ? new RevokedStatus(Date.from(now.minusSeconds(60)), 1)
              : CertificateStatus.GOOD;
      builder.addResponse(
          asked.getCertID(),
          status,
          Date.from(now.minus(age)),
          Date.from(now.plus(validity)),
          null);
    }
    String algorithm =
        signer.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
    var basic =
        builder.build(
            new JcaContentSignerBuilder(algorithm).build(signer.getPrivate()),
            new org.bouncycastle.cert.X509CertificateHolder[] {
              new JcaX509CertificateHolder(issuer)
            },
            Date.from(now));
    return new OCSPRespBuilder().build(OCSPRespBuilder.SUCCESSFUL, basic).getEncoded();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
