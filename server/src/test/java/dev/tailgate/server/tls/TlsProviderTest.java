package dev.tailgate.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tailgate.certs.CertRegistry;
import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestClients;
import java.util.Optional;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both TLS engines serve the same: SNI picks the certificate, ALPN negotiates HTTP/2 (and HTTP/1.1
 * for clients that only speak it). {@code auto} takes Conscrypt where it loads, as it does here.
 */
class TlsProviderTest {
  private static final String HOST = "vps.example.test";

  @RegisterExtension final TailgateHarness tailgate = TailgateHarness.open();

  private void start(String provider) throws Exception {
    tailgate.certificate(HOST);
    tailgate.file("www/index.html", "hello\n");
    tailgate.start(config("TLSProvider " + provider + "\n"));
  }

  /** The site on one HTTPS listener, after {@code serverDirectives}. */
  private String config(String serverDirectives) {
    return "Listen 127.0.0.1:@PORT@ https\n"
        + serverDirectives
        + tailgate.tlsVirtualHost(HOST, "  DocumentRoot @DIR@/www\n");
  }

  @ParameterizedTest
  @ValueSource(strings = {"conscrypt", "jdk", "auto"})
  void eachEngineNegotiatesHttp2AndHttp1WithTheHostsCertificate(String provider) throws Exception {
    start(provider);

    ContentResponse h2 = tailgate.client().GET(tailgate.url(HOST, "/"));
    ContentResponse h1 =
        tailgate.newClient(null, TestClients.Protocols.HTTP1).GET(tailgate.url(HOST, "/"));

    assertThat(h2.getVersion()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(h2.getContentAsString()).isEqualTo("hello\n");
    assertThat(h1.getVersion()).isEqualTo(HttpVersion.HTTP_1_1);
    assertThat(h1.getContentAsString()).isEqualTo("hello\n");
  }

  @Test
  void aReloadMovesTheOpenListenerToAnotherEngine() throws Exception {
    tailgate.certificate(HOST);
    tailgate.file("www/index.html", "hello\n");
    tailgate.start(config(""));
    assertThat(tailgate.server().tlsEngine().provider()).isEqualTo(TlsProvider.CONSCRYPT);

    tailgate
        .server()
        .reload(TailgateHarness.load(tailgate.writeConfig(config("TLSProvider jdk\n"))));
    ContentResponse onJdk = tailgate.newClient().GET(tailgate.url(HOST, "/"));
    tailgate.server().reload(TailgateHarness.load(tailgate.writeConfig(config(""))));
    ContentResponse onConscrypt = tailgate.newClient().GET(tailgate.url(HOST, "/"));

    assertThat(onJdk.getVersion()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(onJdk.getContentAsString()).isEqualTo("hello\n");
    assertThat(onConscrypt.getVersion()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(onConscrypt.getContentAsString()).isEqualTo("hello\n");
    assertThat(tailgate.server().tlsEngine().provider()).isEqualTo(TlsProvider.CONSCRYPT);
  }

  @Test
  void autoChoosesConscryptWhereItLoadsAndJdkMeansTheJdk() {
    CertRegistry registry = new CertRegistry();

    assertThat(
            TlsContexts.serverFactory(
                    registry, Optional::empty, TlsProvider.AUTO, new ArrayByteBufferPool())
                .getSslContext()
                .getProvider()
                .getName())
        .isEqualTo("Conscrypt");
    assertThat(
            TlsContexts.serverFactory(
                    registry, Optional::empty, TlsProvider.JDK, new ArrayByteBufferPool())
                .getSslContext()
                .getProvider()
                .getName())
        .isEqualTo("SunJSSE");
  }

  @Test
  void anUnknownProviderIsNamedWithWhatToWrite() {
    assertThat(catchThrowable(() -> start("openssl")).getMessage())
        .contains("\"openssl\" is not a TLS provider")
        .contains("write TLSProvider auto");
  }
}
