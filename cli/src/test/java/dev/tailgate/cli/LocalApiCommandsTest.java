package dev.tailgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaledExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/**
 * {@code tailgate whois} and {@code tailgate status} against the fake tailscaled, as a person would
 * run them.
 */
class LocalApiCommandsTest {
  @RegisterExtension
  final FakeTailscaledExtension tailscaled = new FakeTailscaledExtension(FakeTailnet::example);

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = TailgateCommand.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private String socket() {
    return tailscaled.get().socketPath().toString();
  }

  @Test
  void whoisPrintsThePeersIdentity() {
    int status = run("whois", "127.0.0.2:40000", "--socket", socket());

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains("peer          127.0.0.2:40000")
        .contains("user          icing@github (Stefan Eissing)")
        .contains("node          laptop.headless-chicken.ts.net.")
        .contains("tailnet       headless-chicken.ts.net.")
        .contains("capability    example.com/cap/admin [{\"role\":\"admin\"}]");
  }

  @Test
  void whoisOfATaggedDeviceShowsItsTagsNotThePseudoUser() {
    int status = run("whois", "127.0.0.4:1", "--socket", socket());

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains("device        tagged: tag:ci")
        .doesNotContain("tagged-devices");
  }

  @Test
  void whoisOfAStrangerSaysSoAndExitsOne() {
    int status = run("whois", "[2001:db8::1]:443", "--socket", socket());

    assertThat(status).isEqualTo(1);
    assertThat(err.toString()).contains("[2001:db8::1]:443 is not a tailnet peer");
  }

  @Test
  void whoisRejectsANameInsteadOfAnAddress() {
    int status = run("whois", "example.com:80", "--socket", socket());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString()).contains("not an IP address");
  }

  @Test
  void statusPrintsTheNodeAndItsCertificateDomains() {
    int status = run("status", "--socket", socket());

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains("state         Running")
        .contains("node          vps.headless-chicken.ts.net.")
        .contains("cert domains  vps.headless-chicken.ts.net")
        .contains("tags          tag:server")
        .contains("change watch  available");
  }

  @Test
  void statusSaysWhenTailgateCouldNotWatchForChanges() {
    tailscaled.get().faults().deny(dev.tailgate.testkit.LocalApiRoute.WATCH_IPN_BUS);

    int status = run("status", "--socket", socket());

    assertThat(status).isZero();
    assertThat(out.toString())
        .contains("change watch  unavailable: ")
        .contains("watch ipn bus access denied")
        .contains("expire strictly at AuthTailscaleCacheTimeout");
  }

  @Test
  void statusOfALoggedOutDaemonExitsOne() {
    tailscaled.get().faults().notLoggedIn(true);

    int status = run("status", "--socket", socket());

    assertThat(status).isEqualTo(1);
    assertThat(out.toString()).contains("state         NeedsLogin");
  }

  @Test
  void aMissingDaemonIsExplainedAndExitsThree() {
    tailscaled.get().down();

    int status = run("status", "--socket", socket());

    assertThat(status).isEqualTo(3);
    assertThat(err.toString()).contains("does not exist").contains(socket());
  }
}
