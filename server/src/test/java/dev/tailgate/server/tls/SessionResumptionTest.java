package dev.tailgate.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.SystemProgram;
import dev.tailgate.server.testing.TailgateHarness;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A returning client skips the full handshake: the server hands out TLS 1.3 session tickets, and a
 * ticket from before a reload still resumes after it (a reload keeps the listeners and their TLS
 * context, so their ticket keys). Checked with OpenSSL's own client, as a browser or curl would
 * resume.
 */
class SessionResumptionTest {
  private static final String HOST = "vps.example.test";

  @RegisterExtension final TailgateHarness tailgate = TailgateHarness.open();

  private String config(String provider, String body) throws IOException {
    tailgate.file("www/index.html", body);
    return "Listen 127.0.0.1:@PORT@ https\n"
        + "TLSProvider "
        + provider
        + "\n"
        + tailgate.tlsVirtualHost(HOST, "  DocumentRoot @DIR@/www\n");
  }

  /** One HTTP/1.0 request through {@code openssl s_client}; returns what it printed. */
  private String sClient(Path openssl, String sessionOption, Path sessionFile) throws Exception {
    Process process =
        new ProcessBuilder(
                openssl.toString(),
                "s_client",
                "-connect",
                "127.0.0.1:" + tailgate.port,
                "-servername",
                HOST,
                "-ign_eof",
                sessionOption,
                sessionFile.toString())
            .redirectErrorStream(true)
            .start();
    process
        .getOutputStream()
        .write(
            ("GET / HTTP/1.0\r\nHost: " + HOST + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("openssl s_client exits").isTrue();
    return output;
  }

  /**
   * The JDK's engine only: Conscrypt 2.5 sends no TLS 1.3 ticket to OpenSSL's client (the session
   * file stays empty), so a returning client gets a full handshake there (bench/README.md).
   */
  @ParameterizedTest(name = "TLSProvider {0}")
  @ValueSource(strings = {"jdk"})
  void aTicketFromBeforeAReloadResumesAfterIt(String provider) throws Exception {
    Path openssl = SystemProgram.find("openssl", "openssl", List.of(Path.of("/usr/bin/openssl")));
    tailgate.certificate(HOST);
    tailgate.start(config(provider, "before\n"));
    Path session = tailgate.dir.resolve("session.pem");

    String first = sClient(openssl, "-sess_out", session);
    assertThat(first).contains("New, TLSv1.3").contains("before");

    tailgate
        .server()
        .reload(TailgateHarness.load(tailgate.writeConfig(config(provider, "after\n"))));
    String second = sClient(openssl, "-sess_in", session);

    assertThat(second).contains("Reused, TLSv1.3").contains("after");
  }

  /**
   * What a client notices of the engine a reload picks: Conscrypt (auto, the default) offers no
   * ticket, the JDK's does, on the same open listener.
   */
  @Test
  void aReloadToTheJdksEngineBringsTicketsToTheOpenListener() throws Exception {
    Path openssl = SystemProgram.find("openssl", "openssl", List.of(Path.of("/usr/bin/openssl")));
    tailgate.certificate(HOST);
    tailgate.start(config("auto", "conscrypt\n"));
    Path none = tailgate.dir.resolve("none.pem");
    String onConscrypt = sClient(openssl, "-sess_out", none);

    tailgate.server().reload(TailgateHarness.load(tailgate.writeConfig(config("jdk", "jdk\n"))));
    Path session = tailgate.dir.resolve("session.pem");
    String onJdk = sClient(openssl, "-sess_out", session);
    String resumed = sClient(openssl, "-sess_in", session);

    assertThat(onConscrypt).contains("New, TLSv1.3").contains("conscrypt");
    assertThat(none).as("a session to resume from Conscrypt").doesNotExist();
    assertThat(onJdk).contains("New, TLSv1.3").contains("jdk");
    assertThat(resumed).contains("Reused, TLSv1.3").contains("jdk");
  }
}
