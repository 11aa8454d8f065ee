package dev.tailgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.certs.managed.DomainState;
import dev.tailgate.config.ConfigLoader;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.server.acme.CaOcspResponder;
import dev.tailgate.server.acme.PebbleCa;
import dev.tailgate.server.runtime.StandardModules;
import dev.tailgate.server.runtime.TailgateServer;
import dev.tailgate.server.testing.Await;
import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tailgate certs}: what is stored and served for each managed domain, and whether tailscaled
 * can issue.
 */
class CertsCommandTest {
  private static final String HOST = "vps.headless-chicken.ts.net";

  @TempDir Path dir;

  @Test
  void showsTheStoredCertificateAndWhetherTailscaledCanIssue() throws Exception {
    try (FakeTailscaled fake =
        FakeTailscaled.start(FakeTailnet.example(), dir.resolve("ts.sock"))) {
      int port = TailgateHarness.freePort();
      Path file =
          Files.writeString(
              dir.resolve("tailgate.conf"),
              "Listen 127.0.0.1:"
                  + port
                  + " https\n"
                  + "MDStoreDir "
                  + dir.resolve("md")
                  + "\n"
                  + "<MDomain "
                  + HOST
                  + ">\n  MDCertificateProtocol tailscale\n"
                  + "  MDCertificateAuthority file://"
                  + fake.socketPath()
                  + "\n</MDomain>\n"
                  + "<VirtualHost *:"
                  + port
                  + ">\n  ServerName "
                  + HOST
                  + "\n  SSLEngine on\n</VirtualHost>\n");
      TailgateConfig config = new ConfigLoader(Map.of(), StandardModules.registry()).load(file);
      try (TailgateServer server =
          TailgateServer.builder(config).drain(Duration.ofSeconds(2)).start()) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server
            .features()
            .managedCertificates()
            .orElseThrow()
            .status(HOST)
            .map(s -> s.state() != DomainState.VALID)
            .orElse(true)) {
          assertThat(System.nanoTime()).as("the certificate goes live").isLessThan(deadline);
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        StringWriter out = new StringWriter();
        CommandLine cli = TailgateCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));

        int status = cli.execute("certs", "-c", file.toString());

        assertThat(status).isZero();
        assertThat(out.toString())
            .contains(HOST)
            .contains("serial " + servedSerial(fake, port).toString(16))
            .contains("renews at")
            .contains("MDRenewWindow 33%")
            .contains("can issue for " + HOST);
      }
    }
  }

  @Test
  void showsAnAcmeDomainBesideATailscaleOneWithItsNamesCaAccountAndOcspAnswer() throws Exception {
    int https = TailgateHarness.freePort();
    int http = TailgateHarness.freePort();
    try (FakeTailscaled fake = FakeTailscaled.start(FakeTailnet.example(), dir.resolve("ts.sock"));
        CaOcspResponder responder = new CaOcspResponder(Duration.ofMinutes(10));
        PebbleCa pebble =
            PebbleCa.start(
                dir.resolve("pebble"),
                PebbleCa.Options.validatingOn(http, 1).withOcspResponder(responder.url()))) {
      responder.signingFor(pebble);
      Path file =
          Files.writeString(
              dir.resolve("tailgate.conf"),
              "Listen 127.0.0.1:"
                  + https
                  + " https\nListen 127.0.0.1:"
                  + http
                  + "\nMDStoreDir "
                  + dir.resolve("md")
                  + "\n"
                  + pebble.directives()
                  + "MDCertificateAgreement accepted\n"
                  + "MDStapling on\n"
                  + "<MDomain shop.example.com www.shop.example.com>\n</MDomain>\n"
                  + "<MDomain "
                  + HOST
                  + ">\n  MDCertificateProtocol tailscale\n"
                  + "  MDCertificateAuthority file://"
                  + fake.socketPath()
                  + "\n</MDomain>\n"
                  + "<VirtualHost *:"
                  + https
                  + ">\n  ServerName shop.example.com\n  ServerAlias www.shop.example.com\n"
                  + "  SSLEngine on\n</VirtualHost>\n"
                  + "<VirtualHost *:"
                  + https
                  + ">\n  ServerName "
                  + HOST
                  + "\n  SSLEngine on\n</VirtualHost>\n");
      TailgateConfig config = new ConfigLoader(Map.of(), StandardModules.registry()).load(file);
      try (TailgateServer server =
          TailgateServer.builder(config).drain(Duration.ofSeconds(2)).start()) {
        var managed = server.features().managedCertificates().orElseThrow();
        Await.until(
            "both certificates",
            Duration.ofSeconds(60),
            () ->
                managed.status().stream()
                    .allMatch(s -> s.state() == DomainState.VALID && s.certificate().isPresent()));
        Await.until(
            "the OCSP answer for shop.example.com",
            Duration.ofSeconds(20),
            () ->
                managed
                    .status("shop.example.com")
                    .flatMap(s -> s.stapling())
                    .flatMap(s -> s.staple())
                    .isPresent());
        StringWriter out = new StringWriter();
        CommandLine cli = TailgateCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));

        int status = cli.execute("certs", "-c", file.toString());

        assertThat(status).isZero();
        String shop =
            managed.status("shop.example.com").orElseThrow().certificate().orElseThrow().serial();
        assertThat(out.toString())
            .contains("shop.example.com")
            .contains("ACME (" + pebble.directory() + ")")
            .contains("shop.example.com, www.shop.example.com")
            .contains("serial " + shop)
            .contains("/my-account/")
            .contains("good, stapled until")
            .contains("tailscale (" + fake.socketPath() + ")")
            .contains("the certificate names no OCSP responder")
            .contains("can issue for " + HOST);
      }
    }
  }

  private static BigInteger servedSerial(FakeTailscaled fake, int port) throws Exception {
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(fake.ca().trustStore());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    try (SSLSocket socket =
        (SSLSocket)
            context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port)) {
      SSLParameters parameters = socket.getSSLParameters();
      parameters.setServerNames(List.of(new SNIHostName(HOST)));
      socket.setSSLParameters(parameters);
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }
}
