package dev.tailgate.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.tls.TlsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Which engine a configuration gets: {@code TLSProvider auto}, the default, is Conscrypt (it loads
 * on this machine) unless a managed domain needs what only the JDK's engine does here.
 */
class TlsEngineTest {
  @RegisterExtension final TailgateHarness tailgate = TailgateHarness.open();

  private TlsEngine engineOf(String config) throws Exception {
    return TlsEngine.of(TailgateHarness.load(tailgate.writeConfig(config)));
  }

  @Test
  void withoutTlsProviderConscryptServes() throws Exception {
    TlsEngine engine = engineOf("Listen 127.0.0.1:@PORT@ https\n");

    assertThat(engine.provider()).isEqualTo(TlsProvider.CONSCRYPT);
    assertThat(engine.describe()).isEqualTo("Conscrypt (BoringSSL) (TLSProvider auto)");
  }

  @Test
  void anExplicitChoiceIsKept() throws Exception {
    assertThat(engineOf("Listen 127.0.0.1:@PORT@ https\nTLSProvider jdk\n").provider())
        .isEqualTo(TlsProvider.JDK);
    assertThat(engineOf("Listen 127.0.0.1:@PORT@ https\nTLSProvider conscrypt\n").provider())
        .isEqualTo(TlsProvider.CONSCRYPT);
  }

  @Test
  void anAcmeDomainAnsweringTlsAlpn01GetsTheJdksEngine() throws Exception {
    // only an HTTPS listener: tls-alpn-01 is the one challenge it can answer
    TlsEngine engine =
        engineOf("Listen 127.0.0.1:@PORT@ https\n<MDomain f.example.org>\n</MDomain>\n");

    assertThat(engine.provider()).isEqualTo(TlsProvider.JDK);
    assertThat(engine.describe())
        .isEqualTo(
            "the JDK's (TLSProvider auto: tls-alpn-01 for f.example.org needs the JDK's engine)");
  }

  @Test
  void anAcmeDomainOnHttp01KeepsConscrypt() throws Exception {
    TlsEngine engine =
        engineOf(
            "Listen 127.0.0.1:@PORT@ https\nListen 80\n"
                + "<MDomain f.example.org>\n  MDCAChallenges http-01\n</MDomain>\n");

    assertThat(engine.provider()).isEqualTo(TlsProvider.CONSCRYPT);
  }

  @Test
  void staplingGetsTheJdksEngine() throws Exception {
    TlsEngine engine =
        engineOf(
            "Listen 127.0.0.1:@PORT@ https\nListen 80\n"
                + "<MDomain h.example.org>\n  MDCAChallenges http-01\n  MDStapling on\n"
                + "</MDomain>\n");

    assertThat(engine.provider()).isEqualTo(TlsProvider.JDK);
    assertThat(engine.reason()).contains("MDStapling on for h.example.org");
  }
}
