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
 * A returning client skips the full handshake: the server hands out TLS 1.3 session tickets on both
 * engines, and a ticket from before a reload still resumes after it (a reload keeps the listeners
 * and their TLS context, so their ticket keys). Checked with OpenSSL's own client, as a browser or
 * curl would resume.
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

  @ParameterizedTest(name = "TLSProvider {0}")
  @ValueSource(strings = {"jdk", "conscrypt"})
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
   * A reload that moves the listener to another engine gives it a new TLS context: a ticket from
   * Conscrypt (auto, the default) starts a new session on the JDK's engine, whose own tickets then
   * resume. What a client notices of the switch, and proof that the open listener made it.
   */
  @Test
  void aReloadToAnotherEngineStartsNewSessionsThatResumeThere() throws Exception {
    Path openssl = SystemProgram.find("openssl", "openssl", List.of(Path.of("/usr/bin/openssl")));
    tailgate.certificate(HOST);
    tailgate.start(config("auto", "conscrypt\n"));
    Path fromConscrypt = tailgate.dir.resolve("conscrypt.pem");
    String onConscrypt = sClient(openssl, "-sess_out", fromConscrypt);

    tailgate.server().reload(TailgateHarness.load(tailgate.writeConfig(config("jdk", "jdk\n"))));
    String switched = sClient(openssl, "-sess_in", fromConscrypt);
    Path fromJdk = tailgate.dir.resolve("jdk.pem");
    sClient(openssl, "-sess_out", fromJdk);
    String resumed = sClient(openssl, "-sess_in", fromJdk);

    assertThat(onConscrypt).contains("New, TLSv1.3").contains("conscrypt");
    assertThat(fromConscrypt).as("Conscrypt's ticket").isNotEmptyFile();
    assertThat(switched).contains("New, TLSv1.3").doesNotContain("Reused,").contains("jdk");
    assertThat(resumed).contains("Reused, TLSv1.3").contains("jdk");
  }
}
