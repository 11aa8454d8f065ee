package dev.tailgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.acme.PebbleCa;
import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaledExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tailgate doctor} against the fake tailscaled, once healthy and once with each fault it can
 * produce: every problem is named, with its fix, and the exit status says whether any was found.
 */
class DoctorCommandTest {
  @RegisterExtension
  final FakeTailscaledExtension tailscaled = new FakeTailscaledExtension(FakeTailnet::example);

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();

  private int doctor(String... extra) {
    CommandLine cli = TailgateCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(out, true));
    String[] args = new String[extra.length + 3];
    args[0] = "doctor";
    args[1] = "--socket";
    args[2] = tailscaled.get().socketPath().toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    return cli.execute(args);
  }

  private Path config(int port, String domain) throws Exception {
    Path file = dir.resolve("tailgate.conf");
    Files.writeString(
        file,
        "Listen 127.0.0.1:"
            + port
            + " https\n"
            + "MDStoreDir "
            + dir.resolve("md")
            + "\n"
            + "<MDomain "
            + domain
            + ">\n"
            + "  MDCertificateProtocol tailscale\n"
            + "  MDCertificateAuthority "
            + tailscaled.get().socketPath()
            + "\n"
            + "</MDomain>\n"
            + "<VirtualHost *:"
            + port
            + ">\n"
            + "  ServerName "
            + domain
            + "\n"
            + "  SSLEngine on\n"
            + "</VirtualHost>\n");
    return file;
  }

  @Test
  void aHealthyMachineIsAllWell() throws Exception {
    int status =
        doctor("-c", config(TailgateHarness.freePort(), "vps.headless-chicken.ts.net").toString());

    assertThat(status).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("ok       tailscaled socket: reachable at ")
        .contains("ok       tailscaled state: Running, version 1.98.10")
        .contains(
            "ok       HTTPS certificates: tailscaled can issue for vps.headless-chicken.ts.net")
        .contains("ok       certificate access: fetched vps.headless-chicken.ts.net")
        .contains("ok       managed name vps.headless-chicken.ts.net: tailscaled can issue for it")
        .contains("free, and this user may bind it")
        .contains("ok       TLS engine: Conscrypt (BoringSSL) (TLSProvider auto)")
        .contains("does not exist yet; tailgate creates it")
        .endsWith("all is well" + System.lineSeparator());
  }

  @Test
  void aStoppedDaemonIsNamedWithHowToStartItAndTheRestIsSkipped() {
    tailscaled.get().down();

    int status = doctor();

    assertThat(status).isEqualTo(1);
    assertThat(out.toString())
        .contains("problem  tailscaled socket: ")
        .contains("does not exist")
        .contains("fix: start tailscaled (`sudo systemctl enable --now tailscaled`)")
        .contains("skipped  certificate access: tailscaled is not reachable");
  }

  @Test
  void aLoggedOutDaemonSaysToLogIn() {
    tailscaled.get().faults().notLoggedIn(true);

    assertThat(doctor()).isEqualTo(1);
    assertThat(out.toString())
        .contains("problem  tailscaled state: NeedsLogin")
        .contains("fix: log in");
  }

  @Test
  void aTailnetWithoutHttpsSaysWhereToTurnItOn() {
    tailscaled.get().faults().httpsDisabled(true);

    assertThat(doctor()).isEqualTo(1);
    assertThat(out.toString())
        .contains("problem  HTTPS certificates: the tailnet hands out no certificates")
        .contains("https://login.tailscale.com/admin/dns");
  }

  @Test
  void aUserWhoMayNotFetchCertificatesIsToldAboutTsPermitCertUid() {
    tailscaled.get().faults().denyCerts();

    assertThat(doctor()).isEqualTo(1);
    assertThat(out.toString())
        .contains("problem  certificate access: tailscaled refuses certificates to ")
        .contains("TS_PERMIT_CERT_UID=" + System.getProperty("user.name"))
        .contains("tailscale set --operator=");
  }

  @Test
  void aNameTailscaledCannotIssueForAPortInUseAndAnOpenStoreAreEachAProblem() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path conf = config(taken.getLocalPort(), "www.example.com");
      Files.createDirectories(dir.resolve("md"));
      Files.setPosixFilePermissions(
          dir.resolve("md"), PosixFilePermissions.fromString("rwxrwxrwx"));

      assertThat(doctor("-c", conf.toString())).isEqualTo(1);
    }

    assertThat(out.toString())
        .contains(
            "problem  managed name www.example.com: not among tailscaled's certificate domains")
        .contains("write <MDomain auto>")
        .contains("problem  listen 127.0.0.1:")
        .contains("sudo ss -ltnp")
        .contains("problem  store " + dir.resolve("md") + ": writable by others (rwxrwxrwx)")
        .contains("fix: `chmod 700 " + dir.resolve("md") + "`");
  }

  @Test
  void aBrokenConfigurationIsNamedByFileAndLine() throws Exception {
    Path conf = dir.resolve("bad.conf");
    Files.writeString(conf, "Listen 127.0.0.1:1 https\nBogus on\n");

    assertThat(doctor("-c", conf.toString())).isEqualTo(1);
    assertThat(out.toString()).contains("problem  configuration: ").contains("bad.conf:2");
  }

  @Test
  void anAcmeCaIsAskedAboutItselfAndWhatItNeedsIsNamed() throws Exception {
    int https = TailgateHarness.freePort();
    int http = TailgateHarness.freePort();
    try (PebbleCa pebble =
        PebbleCa.start(dir.resolve("pebble"), PebbleCa.Options.validatingOn(http, https))) {
      Path file = dir.resolve("tailgate.conf");
      Files.writeString(
          file,
          "Listen 127.0.0.1:"
              + https
              + " https\nListen 127.0.0.1:"
              + http
              + "\nMDStoreDir "
              + dir.resolve("md")
              + "\n"
              + pebble.directives()
              + "<MDomain shop.example.com>\n</MDomain>\n"
              + "<VirtualHost *:"
              + https
              + ">\n  ServerName shop.example.com\n  SSLEngine on\n</VirtualHost>\n");

      int status = doctor("-c", file.toString());

      assertThat(status).as(out.toString()).isEqualTo(1);
      assertThat(out.toString())
          .contains("ACME CA " + pebble.directory())
          .contains("its terms of service (")
          .contains("MDCertificateAgreement accepted")
          .contains("ACME challenges for shop.example.com")
          .contains("add Listen 80");

      out.getBuffer().setLength(0);
      Files.writeString(
          file,
          Files.readString(file)
              .replace("\n<MDomain", "\nMDCertificateAgreement accepted\n<MDomain"));
      doctor("-c", file.toString());
      assertThat(out.toString())
          .contains("ACME CA " + pebble.directory() + ": reachable; account none yet");
    }
  }
}
