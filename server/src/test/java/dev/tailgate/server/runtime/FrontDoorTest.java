package dev.tailgate.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.testkit.ca.IssuedCertificate;
import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSession;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Virtual hosts chosen by SNI and Host over real TLS, static files and httpd's header directives.
 */
class FrontDoorTest {
  @RegisterExtension final TailgateHarness harness = TailgateHarness.open();
  private int port;
  private IssuedCertificate vps;
  private IssuedCertificate other;

  @BeforeEach
  void start() throws Exception {
    port = TailgateHarness.freePort();
    vps = harness.certificate("vps.example.test");
    other = harness.certificate("other.example.test");
    harness.file("vps/index.html", "<h1>vps</h1>\n");
    harness.file("vps/data.txt", "0123456789abcdefghij");
    harness.file("other/index.html", "<h1>other</h1>\n");
    harness.start(
        "Listen 127.0.0.1:"
            + port
            + " https\n"
            + "<VirtualHost *:"
            + port
            + ">\n"
            + "  ServerName vps.example.test\n"
            + "  SSLEngine on\n"
            + "  SSLCertificateFile @DIR@/vps.example.test.crt\n"
            + "  SSLCertificateKeyFile @DIR@/vps.example.test.key\n"
            + "  DocumentRoot @DIR@/vps\n"
            + "  Header set X-Served-By vps\n"
            + "  Redirect 301 /old https://vps.example.test/new\n"
            + "</VirtualHost>\n"
            + "<VirtualHost *:"
            + port
            + ">\n"
            + "  ServerName other.example.test\n"
            + "  SSLEngine on\n"
            + "  SSLCertificateFile @DIR@/other.example.test.crt\n"
            + "  SSLCertificateKeyFile @DIR@/other.example.test.key\n"
            + "  DocumentRoot @DIR@/other\n"
            + "</VirtualHost>\n");
  }

  @AfterEach
  void stop() throws Exception {}

  private String url(String host, String path) {
    return "https://" + host + ":" + port + path;
  }

  /** The leaf certificate the server presented on the connection that carried {@code response}. */
  private static BigInteger serialOf(AtomicReference<SSLSession> session) throws Exception {
    return ((X509Certificate) session.get().getPeerCertificates()[0]).getSerialNumber();
  }

  @Test
  void eachNameGetsItsOwnCertificateAndContentBySni() throws Exception {
    HttpClient client = harness.client();

    ContentResponse first = client.GET(url("vps.example.test", "/"));
    ContentResponse second = client.GET(url("other.example.test", "/"));

    assertThat(first.getStatus()).isEqualTo(200);
    assertThat(first.getContentAsString()).isEqualTo("<h1>vps</h1>\n");
    assertThat(first.getHeaders().get("X-Served-By")).isEqualTo("vps");
    assertThat(second.getContentAsString()).isEqualTo("<h1>other</h1>\n");
    assertThat(second.getHeaders().get("X-Served-By")).isNull();
  }

  @Test
  void aHostHeaderForAnotherVirtualHostThanTheSniNameIsMisdirected() throws Exception {
    ContentResponse response =
        harness
            .client()
            .newRequest(url("vps.example.test", "/"))
            .version(HttpVersion.HTTP_1_1)
            .headers(h -> h.put(HttpHeader.HOST, "other.example.test"))
            .send();

    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(421);
    assertThat(response.getContentAsString()).contains("opened for vps.example.test");
  }

  /**
   * The SNI name is looked up once per connection and TLS session: a request on a connection that
   * already served one must still be judged against it, whatever came before.
   */
  @Test
  void everyRequestOnAKeptAliveConnectionIsJudgedByItsSni() throws Exception {
    HttpClient client = harness.client();
    client.setMaxConnectionsPerDestination(1);

    ContentResponse first =
        client.newRequest(url("vps.example.test", "/")).version(HttpVersion.HTTP_1_1).send();
    ContentResponse misdirected =
        client
            .newRequest(url("vps.example.test", "/"))
            .version(HttpVersion.HTTP_1_1)
            .headers(h -> h.put(HttpHeader.HOST, "other.example.test"))
            .send();
    ContentResponse after =
        client.newRequest(url("vps.example.test", "/")).version(HttpVersion.HTTP_1_1).send();

    assertThat(first.getStatus()).isEqualTo(200);
    assertThat(misdirected.getStatus()).isEqualTo(421);
    assertThat(after.getStatus()).isEqualTo(200);
    assertThat(after.getContentAsString()).isEqualTo("<h1>vps</h1>\n");
    assertThat(client.getDestinations().get(0).getConnectionPool().isEmpty()).isFalse();
  }

  @Test
  void http2IsNegotiatedWithAlpn() throws Exception {
    ContentResponse response =
        harness
            .client()
            .newRequest(url("vps.example.test", "/"))
            .version(HttpVersion.HTTP_2)
            .send();

    assertThat(response.getVersion()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(response.getContentAsString()).isEqualTo("<h1>vps</h1>\n");
  }

  @Test
  void staticFilesHaveEtagsRangesAndHead() throws Exception {
    HttpClient client = harness.client();

    ContentResponse full = client.GET(url("vps.example.test", "/data.txt"));
    String etag = full.getHeaders().get(HttpHeader.ETAG);
    ContentResponse notModified =
        client
            .newRequest(url("vps.example.test", "/data.txt"))
            .headers(h -> h.put(HttpHeader.IF_NONE_MATCH, etag))
            .send();
    ContentResponse range =
        client
            .newRequest(url("vps.example.test", "/data.txt"))
            .headers(h -> h.put(HttpHeader.RANGE, "bytes=10-14"))
            .send();
    ContentResponse head =
        client.newRequest(url("vps.example.test", "/data.txt")).method("HEAD").send();

    assertThat(etag).isNotBlank();
    assertThat(notModified.getStatus()).isEqualTo(304);
    assertThat(range.getStatus()).isEqualTo(206);
    assertThat(range.getContentAsString()).isEqualTo("abcde");
    assertThat(head.getStatus()).isEqualTo(200);
    assertThat(head.getContent()).isEmpty();
    assertThat(head.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH)).isEqualTo(20);
  }

  @Test
  void nothingOutsideTheDocumentRootIsServed() throws Exception {
    harness.file("secret.txt", "top secret");
    java.nio.file.Files.createSymbolicLink(
        harness.dir.resolve("vps/escape.txt"), harness.dir.resolve("secret.txt"));
    HttpClient client = harness.client();

    ContentResponse dotDot =
        client.newRequest(url("vps.example.test", "/%2e%2e/secret.txt")).send();
    ContentResponse encodedSlash =
        client.newRequest(url("vps.example.test", "/..%2fsecret.txt")).send();
    ContentResponse symlink = client.GET(url("vps.example.test", "/escape.txt"));

    assertThat(dotDot.getContentAsString()).doesNotContain("top secret");
    assertThat(encodedSlash.getContentAsString()).doesNotContain("top secret");
    assertThat(symlink.getStatus()).isEqualTo(404);
    assertThat(symlink.getContentAsString()).doesNotContain("top secret");
  }

  @Test
  void redirectsKeepTheRestOfThePath() throws Exception {
    ContentResponse response = harness.client().GET(url("vps.example.test", "/old/page?x=1"));

    assertThat(response.getStatus()).isEqualTo(301);
    assertThat(response.getHeaders().get(HttpHeader.LOCATION))
        .isEqualTo("https://vps.example.test/new/page?x=1");
  }

  @Test
  void aNewCertificateIsServedOnNewHandshakesWithoutARestart() throws Exception {
    HttpClient before = harness.newClient();
    AtomicReference<SSLSession> firstSession = new AtomicReference<>();
    assertThat(before.GET(url("vps.example.test", "/")).getStatus()).isEqualTo(200);

    IssuedCertificate renewed = harness.ca.issue("vps.example.test");
    harness
        .server()
        .certificates()
        .install(
            CertificateInstaller.owner(
                harness.server().config().virtualHosts().get(0).host().tls()),
            java.util.List.of("vps.example.test"),
            new dev.tailgate.localapi.cert.PemCertPairParser().parse(renewed.pairPem()));

    assertThat(before.GET(url("vps.example.test", "/")).getStatus()).isEqualTo(200);
    try (var probe = TlsProbe.connect("vps.example.test", port, harness.ca)) {
      assertThat(probe.serial()).isEqualTo(renewed.serial()).isNotEqualTo(vps.serial());
    }
    before.stop();
  }

  @Test
  void aClientWithoutSniGetsTheDefaultHostsCertificate() throws Exception {
    try (var probe = TlsProbe.connect(null, port, harness.ca)) {
      assertThat(probe.serial()).isEqualTo(vps.serial());
    }
    try (var probe = TlsProbe.connect("other.example.test", port, harness.ca)) {
      assertThat(probe.serial()).isEqualTo(other.serial());
    }
  }
}
