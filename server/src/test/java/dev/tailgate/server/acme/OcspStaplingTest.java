package dev.tailgate.server.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.certs.ocsp.Stapler;
import dev.tailgate.server.testing.Await;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.cert.ocsp.BasicOCSPResp;
import org.bouncycastle.cert.ocsp.CertificateStatus;
import org.bouncycastle.cert.ocsp.OCSPResp;
import org.bouncycastle.cert.ocsp.SingleResp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code MDStapling on} end to end: pebble issues certificates that name an OCSP responder (a real
 * one on loopback, signing with pebble's issuing key), tailgate asks it, checks and stores the
 * answer, and the JDK's TLS engine staples it to handshakes, as a client with the status_request
 * extension (the JDK's, as browsers do) receives it. Failures staple nothing rather than something
 * wrong.
 */
class OcspStaplingTest extends AcmeSiteTest {
  private CaOcspResponder responder;

  @AfterEach
  void stopResponder() throws Exception {
    if (responder != null) {
      responder.close();
    }
  }

  private void startCa(Duration validity) throws Exception {
    responder = new CaOcspResponder(validity);
    pebble =
        PebbleCa.start(
            dir.resolve("pebble"),
            PebbleCa.Options.validatingOn(httpPort, 1).withOcspResponder(responder.url()));
    responder.signingFor(pebble);
  }

  private String config(boolean stapling) {
    return "Listen 127.0.0.1:"
        + httpsPort
        + " https\n"
        + "Listen 127.0.0.1:"
        + httpPort
        + "\n"
        + "MDStoreDir "
        + dir.resolve("md")
        + "\n"
        + "MDRetryDelay 200ms\n"
        + pebble.directives()
        + "MDCertificateAgreement accepted\n"
        + "<MDomain "
        + HOST
        + ">\n"
        + "  MDCAChallenges http-01\n"
        + (stapling ? "  MDStapling on\n" : "")
        + "</MDomain>\n"
        + "<VirtualHost *:"
        + httpsPort
        + ">\n"
        + "  ServerName "
        + HOST
        + "\n"
        + "  SSLEngine on\n"
        + "  DocumentRoot "
        + dir.resolve("htdocs")
        + "\n"
        + "  <Location /md-status>\n    SetHandler md-status\n  </Location>\n"
        + "</VirtualHost>\n"
        + "<VirtualHost *:"
        + httpPort
        + ">\n"
        + "  ServerName "
        + HOST
        + "\n"
        + "</VirtualHost>\n";
  }

  private Optional<Stapler.Status> stapling() {
    return status().stapling();
  }

  /** One handshake as a browser makes it: what it was shown, and the staple it received. */
  private record Handshake(X509Certificate leaf, Optional<byte[]> staple, Instant started) {}

  private Handshake handshake() throws Exception {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(pebble.issuedRoots());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    Instant started = Instant.now();
    try (SSLSocket socket =
        (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", httpsPort)) {
      var parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(HOST)));
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      ExtendedSSLSession session = (ExtendedSSLSession) socket.getSession();
      List<byte[]> staples = session.getStatusResponses();
      return new Handshake(
          (X509Certificate) session.getPeerCertificates()[0],
          staples.isEmpty() || staples.get(0).length == 0
              ? Optional.empty()
              : Optional.of(staples.get(0)),
          started);
    }
  }

  private static SingleResp single(byte[] der) throws Exception {
    OCSPResp response = new OCSPResp(der);
    assertThat(response.getStatus()).isEqualTo(OCSPResp.SUCCESSFUL);
    return ((BasicOCSPResp) response.getResponseObject()).getResponses()[0];
  }

  private Handshake awaitStaple() {
    List<Handshake> seen = new ArrayList<>();
    Await.until(
        "a stapled OCSP answer ("
            + stapling().flatMap(Stapler.Status::lastProblem).orElse("no problem reported")
            + ")",
        Duration.ofSeconds(20),
        () -> {
          try {
            Handshake handshake = handshake();
            seen.add(handshake);
            return handshake.staple().isPresent();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    return seen.get(seen.size() - 1);
  }

  @Test
  void everyHandshakeGetsAFreshAnswerFromTheCaAndItIsReplacedBeforeItGoesStale() throws Exception {
    startCa(Duration.ofSeconds(9));
    start(config(true));
    awaitCertificate();

    Handshake first = awaitStaple();
    SingleResp answer = single(first.staple().orElseThrow());
    assertThat(answer.getCertID().getSerialNumber()).isEqualTo(first.leaf().getSerialNumber());
    assertThat(answer.getCertStatus()).isEqualTo(CertificateStatus.GOOD);
    assertThat(
            dir.resolve(
                "md/ocsp/" + HOST + "/" + first.leaf().getSerialNumber().toString(16) + ".der"))
        .exists();
    assertThat(stapling().orElseThrow().staple().orElseThrow().status().word()).isEqualTo("good");

    // three answers in turn, each 10 s long: every handshake gets one that is not stale
    Set<Instant> answers = new HashSet<>();
    List<String> stale = new ArrayList<>();
    Await.until(
        "three successive OCSP answers stapled",
        Duration.ofSeconds(45),
        () -> {
          try {
            Handshake handshake = handshake();
            SingleResp single = single(handshake.staple().orElseThrow());
            if (!single.getNextUpdate().toInstant().isAfter(handshake.started())) {
              stale.add(single.getNextUpdate() + " stapled at " + handshake.started());
            }
            answers.add(single.getThisUpdate().toInstant());
            return answers.size() >= 3 || !stale.isEmpty();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
    assertThat(stale).as("stale answers stapled").isEmpty();
    assertThat(stapling().orElseThrow().errors()).isZero();

    String json =
        trustingPebble()
            .GET("https://" + HOST + ":" + httpsPort + "/md-status")
            .getContentAsString()
            .replaceAll("\\s", "");
    assertThat(json)
        .contains("\"stapling\":true")
        .contains("\"ocsp\":{\"url\":\"" + responder.url() + "\",\"status\":\"good\"");
  }

  @Test
  void aRestartStaplesTheStoredAnswerWithoutAskingTheResponder() throws Exception {
    startCa(Duration.ofMinutes(5));
    start(config(true));
    awaitCertificate();
    byte[] stapled = awaitStaple().staple().orElseThrow();
    server.close();
    server = null;

    responder.mode(CaOcspResponder.Mode.DOWN);
    int askedBefore = responder.asked();
    start(config(true));

    assertThat(awaitStaple().staple().orElseThrow()).isEqualTo(stapled);
    assertThat(responder.asked()).as("requests to the CA's responder").isEqualTo(askedBefore);
  }

  @Test
  void anAnswerNotSignedByTheCaIsNeverStapledAndTheRealOneIsOnceTheResponderMendsIt()
      throws Exception {
    startCa(Duration.ofMinutes(5));
    responder.mode(CaOcspResponder.Mode.FORGED);
    start(config(true));
    awaitCertificate();

    Await.until(
        "the forged answer refused",
        Duration.ofSeconds(20),
        () -> stapling().map(s -> s.errors() > 0).orElse(false));
    assertThat(stapling().orElseThrow().lastProblem().orElseThrow())
        .contains("not signed by the certificate's issuer");
    assertThat(handshake().staple()).as("staple after a forged answer").isEmpty();
    assertThat(dir.resolve("md/ocsp")).doesNotExist();

    responder.mode(CaOcspResponder.Mode.GOOD);
    assertThat(single(awaitStaple().staple().orElseThrow()).getCertStatus())
        .isEqualTo(CertificateStatus.GOOD);
  }

  @Test
  void anAnswerMadeLongAgoIsStapledAndAskedForAgainCalmlyNotInALoop() throws Exception {
    startCa(Duration.ofMinutes(1));
    // valid for another minute, but made 5 minutes ago: already past its refresh point
    responder.answersMadeAgo(Duration.ofMinutes(5));
    start(config(true));
    awaitCertificate();

    awaitStaple();
    Stapler.Status status = stapling().orElseThrow();
    Instant stapledUntil = status.staple().orElseThrow().nextUpdate();
    assertThat(status.nextRun().orElseThrow())
        .as("next request to the responder")
        .isAfter(stapledUntil.minusSeconds(60).plusSeconds(10))
        .isBefore(stapledUntil);
    assertThat(responder.asked()).isEqualTo(1);
  }

  @Test
  void aRevocationTheCaAnnouncesIsStapledAndReported() throws Exception {
    startCa(Duration.ofMinutes(5));
    responder.mode(CaOcspResponder.Mode.REVOKED);
    start(config(true));
    awaitCertificate();

    assertThat(single(awaitStaple().staple().orElseThrow()).getCertStatus())
        .isInstanceOf(org.bouncycastle.cert.ocsp.RevokedStatus.class);
    assertThat(stapling().orElseThrow().staple().orElseThrow().status().word())
        .isEqualTo("revoked");
  }

  @Test
  void staplingSwitchedOnAndOffByReloadsFollowsOnTheListenerAlreadyOpen() throws Exception {
    startCa(Duration.ofMinutes(5));
    start(config(false));
    awaitCertificate();
    assertThat(handshake().staple()).as("staple without MDStapling").isEmpty();
    assertThat(status().stapling()).isEmpty();

    server.reload(load(config(true)));

    assertThat(single(awaitStaple().staple().orElseThrow()).getCertStatus())
        .isEqualTo(CertificateStatus.GOOD);

    server.reload(load(config(false)));

    assertThat(handshake().staple()).as("staple after MDStapling was switched off").isEmpty();
  }
}
