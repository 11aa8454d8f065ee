package dev.tailgate.server.acme;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.certs.managed.DomainStatus;
import dev.tailgate.config.ConfigLoader;
import dev.tailgate.server.runtime.StandardModules;
import dev.tailgate.server.testing.Await;
import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestClients;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;

/**
 * ACME end to end against a real CA (pebble): tailgate answers the CA's challenges itself on its
 * own listeners, stores the account and the certificate, and serves the certificate without a
 * restart; every failure keeps what is served and says what went wrong.
 */
class AcmeIssuanceTest extends AcmeSiteTest {
  static final String WWW = "www.acme.example.com";

  private PebbleCa startPebble(PebbleCa.Options options) throws Exception {
    pebble = PebbleCa.prepare(dir.resolve("pebble"), options);
    return pebble.start();
  }

  private String config(String domainSettings) {
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
        + "MDContactEmail admin@acme.example.com\n"
        + "<MDomain "
        + HOST
        + " "
        + WWW
        + ">\n"
        + domainSettings
        + "</MDomain>\n"
        + "<VirtualHost *:"
        + httpsPort
        + ">\n"
        + "  ServerName "
        + HOST
        + "\n"
        + "  ServerAlias "
        + WWW
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
        + "  ServerAlias "
        + WWW
        + "\n"
        + "  MDRequireHttps permanent\n"
        + "  <Location />\n    Require all denied\n  </Location>\n"
        + "</VirtualHost>\n";
  }

  /** The certificate a TLS handshake for {@code name} is shown, verified against pebble's roots. */
  private X509Certificate served(String name, KeyStore trust) throws Exception {
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    var context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    SSLSocketFactory sockets = context.getSocketFactory();
    try (SSLSocket socket = (SSLSocket) sockets.createSocket("127.0.0.1", httpsPort)) {
      var parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName(name)));
      parameters.setEndpointIdentificationAlgorithm("HTTPS");
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return (X509Certificate) socket.getSession().getPeerCertificates()[0];
    }
  }

  @Test
  void http01IssuesOneCertificateForEveryNameAndServesItWithoutRestart() throws Exception {
    startPebble(PebbleCa.Options.validatingOn(httpPort, 1));
    start(config("  MDCAChallenges http-01\n"));

    awaitCertificate();

    ContentResponse page = trustingPebble().GET("https://" + WWW + ":" + httpsPort + "/");
    assertThat(page.getStatus()).isEqualTo(200);
    assertThat(page.getContentAsString()).isEqualTo("public site\n");
    X509Certificate leaf = served(HOST, pebble.issuedRoots());
    assertThat(leaf.getSubjectAlternativeNames().stream().map(san -> (Object) san.get(1)))
        .containsExactlyInAnyOrder(HOST, WWW);
    assertThat(leaf.getSerialNumber())
        .isEqualTo(new BigInteger(status().certificate().orElseThrow().serial(), 16));
    assertThat(Files.getPosixFilePermissions(dir.resolve("md/domains/" + HOST + "/privkey.pem")))
        .extracting(Object::toString)
        .containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    assertThat(accounts()).hasSize(1);
    String statusJson =
        trustingPebble()
            .GET("https://" + HOST + ":" + httpsPort + "/md-status")
            .getContentAsString();
    assertThat(statusJson.replaceAll("\\s", ""))
        .contains("\"domains\":[\"" + HOST + "\",\"" + WWW + "\"]")
        .contains("\"ca\":{\"proto\":\"ACME\",\"url\":\"" + pebble.directory() + "\"}");
  }

  @Test
  void aTailnetNameAndAPublicNameAreServedSideBySideEachWithItsOwnCertificate() throws Exception {
    startPebble(PebbleCa.Options.validatingOn(httpPort, 1));
    try (FakeTailscaled tailscaled =
        FakeTailscaled.start(FakeTailnet.example(), dir.resolve("ts.sock"))) {
      String tailnetName = "vps.headless-chicken.ts.net";
      start(
          config("  MDCAChallenges http-01\n")
              + "<MDomain "
              + tailnetName
              + ">\n"
              + "  MDCertificateProtocol tailscale\n"
              + "  MDCertificateAuthority file://"
              + tailscaled.socketPath()
              + "\n"
              + "</MDomain>\n"
              + "<VirtualHost *:"
              + httpsPort
              + ">\n"
              + "  ServerName "
              + tailnetName
              + "\n"
              + "  SSLEngine on\n"
              + "  DocumentRoot "
              + dir.resolve("htdocs")
              + "\n"
              + "</VirtualHost>\n");

      awaitCertificate();
      Await.until(
          "the tailscale certificate",
          ISSUANCE,
          () -> managed().status(tailnetName).flatMap(DomainStatus::certificate).isPresent());

      X509Certificate publicLeaf = served(HOST, pebble.issuedRoots());
      X509Certificate tailnetLeaf = served(tailnetName, tailscaled.ca().trustStore());
      assertThat(publicLeaf.getSerialNumber().toString(16))
          .isEqualTo(status().certificate().orElseThrow().serial());
      assertThat(tailnetLeaf.getSerialNumber().toString(16))
          .isEqualTo(
              managed().status(tailnetName).orElseThrow().certificate().orElseThrow().serial());
      assertThat(tailnetLeaf.getIssuerX500Principal())
          .isNotEqualTo(publicLeaf.getIssuerX500Principal());
      assertThat(managed().status())
          .extracting(DomainStatus::name, DomainStatus::protocol)
          .containsExactlyInAnyOrder(
              org.assertj.core.groups.Tuple.tuple(HOST, "ACME"),
              org.assertj.core.groups.Tuple.tuple(tailnetName, "tailscale"));
      String statusJson =
          trustingPebble()
              .GET("https://" + HOST + ":" + httpsPort + "/md-status")
              .getContentAsString()
              .replaceAll("\\s", "");
      assertThat(statusJson)
          .contains("\"proto\":\"ACME\"")
          .contains("\"proto\":\"tailscale\",\"url\":\"file://" + tailscaled.socketPath() + "\"");
    }
  }

  private List<Path> accounts() throws Exception {
    Path accounts = dir.resolve("md/accounts");
    if (!Files.isDirectory(accounts)) {
      return List.of();
    }
    try (Stream<Path> list = Files.list(accounts)) {
      return list.toList();
    }
  }

  @Test
  void tlsAlpn01IsAnsweredOnTheHttpsListenerWithoutDisturbingBrowsers() throws Exception {
    startPebble(PebbleCa.Options.validatingOn(1, httpsPort));
    start(config("  MDCAChallenges tls-alpn-01\n"));

    awaitCertificate();

    assertThat(served(WWW, pebble.issuedRoots()).getSerialNumber())
        .isEqualTo(new BigInteger(status().certificate().orElseThrow().serial(), 16));
    assertThat(trustingPebble().GET("https://" + HOST + ":" + httpsPort + "/").getContentAsString())
        .isEqualTo("public site\n");
    assertThat(server.certificates().forChallenge(HOST))
        .as("the challenge certificate is withdrawn once validated")
        .isEmpty();
  }

  @Test
  void aCaThatRequiresAnExternalAccountSaysWhatToWriteAndTheBindingIsUsed() throws Exception {
    startPebble(PebbleCa.Options.validatingOn(httpPort, 1).requiringExternalAccounts());
    start(config("  MDCAChallenges http-01\n"));
    Await.until(
        "the missing binding is reported",
        ISSUANCE,
        () -> status().lastProblem().orElse("").contains("MDExternalAccountBinding"));
    assertThat(accounts()).isEmpty();

    Path file = dir.resolve("tailgate.conf");
    Files.writeString(
        file,
        config(
            "  MDCAChallenges http-01\n  MDExternalAccountBinding "
                + PebbleCa.EAB_KEY_ID
                + " "
                + PebbleCa.EAB_HMAC
                + "\n"));
    server.reload(new ConfigLoader(Map.of(), StandardModules.registry()).load(file));

    awaitCertificate();
    assertThat(accounts()).hasSize(1);
    assertThat(Files.readString(accounts().get(0).resolve("account.json")))
        .doesNotContain(PebbleCa.EAB_HMAC);
  }

  @Test
  void withoutAcceptedTermsNoAccountIsCreatedAndTheErrorSaysWhatToWrite() throws Exception {
    startPebble(PebbleCa.Options.validatingOn(httpPort, 1));
    start(config("  MDCAChallenges http-01\n").replace("MDCertificateAgreement accepted\n", ""));

    Await.until(
        "the missing agreement is reported",
        ISSUANCE,
        () -> status().lastProblem().orElse("").contains("terms of service"));

    assertThat(status().lastProblem().orElseThrow())
        .contains("MDCertificateAgreement accepted")
        .contains(pebble.directory());
    assertThat(accounts()).isEmpty();
    assertThat(status().certificate()).isEmpty();
  }

  @Test
  void onlyAnOpenTokenIsAnsweredAndEverythingElseUnderTheChallengePathIsTheSitesOwn()
      throws Exception {
    startPebble(PebbleCa.Options.validatingOn(httpPort, 1));
    start(config("  MDCAChallenges http-01\n"));
    awaitCertificate();
    HttpClient plain = trustingPebble();

    for (String path :
        List.of(
            "/.well-known/acme-challenge/not-a-token",
            "/.well-known/acme-challenge/",
            "/.well-known/acme-challenge/../../etc/passwd",
            "/.well-known/acme-challenge/%2e%2e/x")) {
      ContentResponse answer = plain.newRequest("http://" + HOST + ":" + httpPort + path).send();
      // the plain-HTTP host denies everything; no token is open, so nothing answers 200
      assertThat(answer.getStatus()).as(path).isIn(301, 400, 403, 404);
    }
  }

  @Test
  void aRestartServesTheStoredCertificateAndReusesTheAccount() throws Exception {
    startPebble(PebbleCa.Options.validatingOn(httpPort, 1));
    String config = config("  MDCAChallenges http-01\n");
    start(config);
    awaitCertificate();
    String serial = status().certificate().orElseThrow().serial();
    String account = Files.readString(accounts().get(0).resolve("account.json"));
    server.close();
    server = null;

    start(config);
    assertThat(status().certificate()).map(c -> c.serial()).contains(serial);
    Await.until(
        "the first check after the restart has decided",
        ISSUANCE,
        () ->
            status()
                .nextRun()
                .map(next -> next.isAfter(java.time.Instant.now().plus(Duration.ofHours(1))))
                .orElse(false));

    assertThat(status().certificate()).map(c -> c.serial()).contains(serial);
    assertThat(served(HOST, pebble.issuedRoots()).getSerialNumber().toString(16)).isEqualTo(serial);
    assertThat(accounts()).hasSize(1);
    assertThat(Files.readString(accounts().get(0).resolve("account.json"))).isEqualTo(account);
  }

  @Test
  void aCaThatForgotTheAccountGetsANewOneAndTheRenewalGoesThrough() throws Exception {
    PebbleCa.Options options = PebbleCa.Options.validatingOn(httpPort, 1);
    startPebble(options);
    start(config("  MDCAChallenges http-01\n  MDRenewWindow 5000d\n"));
    awaitCertificate();
    String first = status().certificate().orElseThrow().serial();
    pebble.close();
    pebble = PebbleCa.prepare(dir.resolve("pebble"), options).start();
    if (client != null) {
      client.stop();
      client = null;
    }

    managed().checkNow(HOST);

    Await.until(
        "a renewal from the restarted CA (" + status().lastProblem().orElse("") + ")",
        ISSUANCE,
        () -> status().certificate().map(c -> !c.serial().equals(first)).orElse(false));
    assertThat(served(HOST, pebble.issuedRoots()).getSerialNumber().toString(16))
        .isEqualTo(status().certificate().orElseThrow().serial());
    assertThat(accounts())
        .extracting(p -> p.getFileName().toString())
        .containsExactlyInAnyOrder("ACME-localhost-0000.gone", "ACME-localhost-0000");
  }

  @Test
  void aNameAddedToTheDomainIsOrderedWhileTheStoredCertificateKeepsServing() throws Exception {
    startPebble(PebbleCa.Options.validatingOn(httpPort, 1));
    String before = config("  MDCAChallenges http-01\n");
    start(before);
    awaitCertificate();
    String first = status().certificate().orElseThrow().serial();
    String api = "api.acme.example.com";
    Path file = dir.resolve("tailgate.conf");
    Files.writeString(
        file,
        before
            .replace(
                "<MDomain " + HOST + " " + WWW + ">",
                "<MDomain " + HOST + " " + WWW + " " + api + ">")
            .replace("  ServerAlias " + WWW + "\n", "  ServerAlias " + WWW + " " + api + "\n"));

    server.reload(new ConfigLoader(Map.of(), StandardModules.registry()).load(file));

    // the stored certificate is served at once; no stand-in, no 503
    assertThat(trustingPebble().GET("https://" + HOST + ":" + httpsPort + "/").getStatus())
        .isEqualTo(200);
    Await.until(
        "a certificate that also covers " + api,
        ISSUANCE,
        () -> status().certificate().map(c -> !c.serial().equals(first)).orElse(false));
    assertThat(
            served(api, pebble.issuedRoots()).getSubjectAlternativeNames().stream()
                .map(san -> (Object) san.get(1)))
        .containsExactlyInAnyOrder(HOST, WWW, api);
    try (Stream<Path> archived = Files.list(dir.resolve("md/archive"))) {
      assertThat(archived.map(p -> p.getFileName().toString()))
          .noneMatch(name -> name.contains("corrupt"));
    }
  }

  @Test
  void anotherCaInTheConfigurationReplacesTheStoredCertificate() throws Exception {
    startPebble(PebbleCa.Options.validatingOn(httpPort, 1));
    start(config("  MDCAChallenges http-01\n"));
    awaitCertificate();
    String first = status().certificate().orElseThrow().serial();
    PebbleCa old = pebble;
    try (PebbleCa other =
        PebbleCa.start(dir.resolve("pebble-2"), PebbleCa.Options.validatingOn(httpPort, 1))) {
      pebble = other;
      if (client != null) {
        client.stop();
        client = null;
      }
      Path file = dir.resolve("tailgate.conf");
      Files.writeString(file, config("  MDCAChallenges http-01\n"));

      server.reload(new ConfigLoader(Map.of(), StandardModules.registry()).load(file));

      Await.until(
          "a certificate from the newly named CA",
          ISSUANCE,
          () -> status().certificate().map(c -> !c.serial().equals(first)).orElse(false));
      assertThat(served(HOST, other.issuedRoots()).getSerialNumber().toString(16))
          .isEqualTo(status().certificate().orElseThrow().serial());
      assertThat(Files.readString(dir.resolve("md/domains/" + HOST + "/origin")).strip())
          .isEqualTo(other.directory());
    } finally {
      pebble = old;
    }
  }

  @Test
  void aCaThatIsDownAtStartupIsRetriedAndTheSiteSays503UntilItComesBack() throws Exception {
    pebble = PebbleCa.prepare(dir.resolve("pebble"), PebbleCa.Options.validatingOn(httpPort, 1));
    start(config("  MDCAChallenges http-01\n"));
    Await.until(
        "the unreachable CA is reported",
        ISSUANCE,
        () -> status().lastProblem().orElse("").contains("cannot reach the CA at"));
    HttpClient anything = TestClients.start(null, null, TestClients.Protocols.HTTP1);
    try {
      ContentResponse waiting = anything.GET("https://" + HOST + ":" + httpsPort + "/");
      assertThat(waiting.getStatus()).isEqualTo(503);
      // the page is public: it says where to look, not what the network said
      assertThat(waiting.getContentAsString())
          .contains("The certificate for " + HOST + " is not available yet")
          .contains("tailgate certs or md-status")
          .doesNotContain("localhost:")
          .doesNotContain("refused");
    } finally {
      anything.stop();
    }

    pebble.start();

    awaitCertificate();
    assertThat(trustingPebble().GET("https://" + HOST + ":" + httpsPort + "/").getStatus())
        .isEqualTo(200);
  }

  @Test
  void aFailedValidationIsReportedWithTheCasReasonAndNothingIsInstalled() throws Exception {
    startPebble(PebbleCa.Options.validatingOn(TailgateHarness.freePort(), 1));
    start(config("  MDCAChallenges http-01\n"));

    Await.until(
        "the failed challenge is reported",
        ISSUANCE,
        () -> status().lastProblem().orElse("").contains("http-01 challenge for"));

    assertThat(status().certificate()).isEmpty();
    assertThat(status().lastProblem().orElseThrow()).contains("failed:");
    assertThat(Files.exists(dir.resolve("md/domains/" + HOST))).isFalse();
  }

  @Test
  void renewalsUnderContinuousLoadFailNoRequest() throws Exception {
    startPebble(PebbleCa.Options.validatingOn(httpPort, 1));
    // a renew window longer than any lifetime: every check renews
    start(config("  MDCAChallenges http-01\n  MDRenewWindow 5000d\n"));
    awaitCertificate();
    HttpClient http = trustingPebble();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> clients = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      HttpClient own = TestClients.start(pebble.issuedRoots(), null, TestClients.Protocols.HTTP1);
      Thread t =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    // a new connection each time, so every request is a new handshake
                    ContentResponse r =
                        own.newRequest("https://" + HOST + ":" + httpsPort + "/")
                            .headers(h -> h.put("Connection", "close"))
                            .send();
                    (r.getStatus() == 200 ? ok : failed).incrementAndGet();
                  } catch (Exception e) {
                    failed.incrementAndGet();
                  }
                }
                try {
                  own.stop();
                } catch (Exception e) {
                  failed.incrementAndGet();
                }
              });
      t.start();
      clients.add(t);
    }
    try {
      List<String> serials = new ArrayList<>();
      serials.add(status().certificate().orElseThrow().serial());
      for (int renewal = 0; renewal < 3; renewal++) {
        String before = serials.get(serials.size() - 1);
        managed().checkNow(HOST);
        Await.until(
            "renewal " + (renewal + 1),
            ISSUANCE,
            () -> status().certificate().map(c -> !c.serial().equals(before)).orElse(false));
        String now = status().certificate().orElseThrow().serial();
        assertThat(served(HOST, pebble.issuedRoots()).getSerialNumber().toString(16))
            .isEqualTo(now);
        serials.add(now);
        int seen = ok.get();
        Await.until("requests after renewal", ISSUANCE, () -> ok.get() > seen + 20);
      }
      assertThat(serials).doesNotHaveDuplicates().hasSize(4);
    } finally {
      running.set(false);
      for (Thread t : clients) {
        t.join();
      }
    }
    assertThat(failed.get()).isZero();
    assertThat(ok.get()).isGreaterThan(60);
  }
}
