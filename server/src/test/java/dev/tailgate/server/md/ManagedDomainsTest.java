package dev.tailgate.server.md;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailgate.certs.managed.DomainState;
import dev.tailgate.config.ConfigLoader;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.syntax.ConfigException;
import dev.tailgate.server.md.config.MdConfigCompiler;
import dev.tailgate.server.runtime.StandardModules;
import dev.tailgate.server.runtime.TailgateServer;
import dev.tailgate.server.testing.Await;
import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestClients;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Managed certificates end to end: tailgate with an MDomain, the fake tailscaled over its socket,
 * real TLS clients checking which certificate they got.
 */
class ManagedDomainsTest {
  private static final String HOST = "vps.headless-chicken.ts.net";

  @TempDir Path dir;
  private FakeTailscaled fake;
  private TailgateServer server;
  private int httpsPort;
  private int httpPort;
  private HttpClient verifying;
  private HttpClient trustingAnything;

  @BeforeEach
  void start() throws Exception {
    fake = FakeTailscaled.start(FakeTailnet.example(), dir.resolve("ts.sock"));
    httpsPort = TailgateHarness.freePort();
    httpPort = TailgateHarness.freePort();
    Files.createDirectories(dir.resolve("htdocs"));
    Files.writeString(dir.resolve("htdocs/index.html"), "managed\n");
    verifying = client(false);
    trustingAnything = client(true);
  }

  @AfterEach
  void stop() throws Exception {
    verifying.stop();
    trustingAnything.stop();
    if (server != null) {
      server.close();
    }
    fake.close();
  }

  private String config(String extra) {
    return "Listen 127.0.0.1:"
        + httpsPort
        + " https\n"
        + "Listen 127.0.0.1:"
        + httpPort
        + "\n"
        + "MDStoreDir "
        + dir.resolve("md")
        + "\n"
        + "MDRetryDelay 100ms\n"
        + extra
        + "<MDomain "
        + HOST
        + ">\n"
        + "  MDCertificateProtocol tailscale\n"
        + "  MDCertificateAuthority file://"
        + fake.socketPath()
        + "\n"
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
        + "  DocumentRoot "
        + dir.resolve("htdocs")
        + "\n"
        + "</VirtualHost>\n";
  }

  private TailgateConfig load(String text) throws Exception {
    Path file = dir.resolve("tailgate.conf");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return new ConfigLoader(Map.of(), StandardModules.registry()).load(file);
  }

  private void startServer(String extra) throws Exception {
    TailgateConfig config = load(config(extra));
    server = TailgateServer.builder(config).drain(Duration.ofSeconds(2)).start();
  }

  private String url(String path) {
    return "https://" + HOST + ":" + httpsPort + path;
  }

  private ManagedCertificates managed() {
    return server.features().managedCertificates().orElseThrow();
  }

  @Test
  void beforeTheFirstCertificateA503SaysWhyAndThenItGoesLiveWithoutARestart() throws Exception {
    fake.down();
    startServer("");

    Await.until(
        "the condition holds",
        Duration.ofSeconds(30),
        () -> managed().status(HOST).orElseThrow().errors() > 0);
    ContentResponse pending = trustingAnything.GET(url("/"));
    assertThat(pending.getStatus()).isEqualTo(503);
    assertThat(pending.getContentAsString())
        .contains("The certificate for " + HOST + " is not available yet")
        .contains("does not exist");

    fake.up();
    managed().checkNow(HOST);
    Await.until(
        "the condition holds",
        Duration.ofSeconds(30),
        () -> managed().status(HOST).orElseThrow().state() == DomainState.VALID);

    ContentResponse live = verifying.GET(url("/"));
    assertThat(live.getStatus()).isEqualTo(200);
    assertThat(live.getContentAsString()).isEqualTo("managed\n");
    assertThat(servedSerial()).isEqualTo(fake.certs().get(HOST, Duration.ZERO).serial());
  }

  @Test
  void aRenewalUnderLoadFailsNoRequestAndNewHandshakesGetTheNewCertificate() throws Exception {
    startServer("MDRenewWindow 100%\n");
    Await.until(
        "the condition holds",
        Duration.ofSeconds(30),
        () -> managed().status(HOST).orElseThrow().certificate().isPresent());
    BigInteger before = servedSerial();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    ExecutorService load = Executors.newFixedThreadPool(4);
    List<Future<?>> workers = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      workers.add(
          load.submit(
              () -> {
                for (int i = 0; i < 2000 && running.get(); i++) {
                  try {
                    HttpClient fresh = (i % 10 == 0) ? null : verifying;
                    ContentResponse response =
                        fresh == null ? newConnectionGet() : verifying.GET(url("/"));
                    if (response.getStatus() == 200) {
                      ok.incrementAndGet();
                    } else {
                      failed.incrementAndGet();
                    }
                  } catch (Exception e) {
                    failed.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    Await.until("the condition holds", Duration.ofSeconds(30), () -> ok.get() > 100);

    fake.renew(HOST);
    managed().checkNow(HOST);
    Await.until(
        "the condition holds", Duration.ofSeconds(30), () -> !servedSerial().equals(before));
    int okAtRenewal = ok.get();
    Await.until("the condition holds", Duration.ofSeconds(30), () -> ok.get() > okAtRenewal + 100);
    running.set(false);
    for (Future<?> worker : workers) {
      worker.get(60, TimeUnit.SECONDS);
    }
    load.shutdown();

    assertThat(failed.get()).isZero();
    assertThat(servedSerial())
        .isEqualTo(fake.certs().get(HOST, Duration.ZERO).serial())
        .isNotEqualTo(before);
  }

  @Test
  void mdStatusReportsTheDomainLikeModMd() throws Exception {
    startServer("");
    Await.until(
        "the condition holds",
        Duration.ofSeconds(30),
        () -> managed().status(HOST).orElseThrow().state() == DomainState.VALID);

    ContentResponse json = verifying.GET(url("/md-status"));
    ContentResponse html =
        verifying
            .newRequest(url("/md-status"))
            .headers(h -> h.put(HttpHeader.ACCEPT, "text/html"))
            .send();

    assertThat(json.getMediaType()).isEqualTo("application/json");
    assertThat(json.getContentAsString())
        .contains("\"proto\" : \"tailscale\"")
        .contains("\"state\" : \"valid\"")
        .contains("\"renew-at\"")
        .contains("\"name\" : \"" + HOST + "\"");
    assertThat(html.getContentAsString())
        .contains("<tr class=\"domain\"><td>" + HOST + "<br>")
        .contains(">valid</td>");
  }

  @Test
  void certificateStatusShowsThePublicFactsOfTheServedCertificate() throws Exception {
    startServer("");
    Await.until(
        "the condition holds",
        Duration.ofSeconds(30),
        () -> managed().status(HOST).orElseThrow().state() == DomainState.VALID);

    ContentResponse response = verifying.GET(url("/.httpd/certificate-status"));

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentAsString())
        .contains("\"serial\" : \"" + servedSerial().toString(16) + "\"")
        .contains("sha256-fingerprint")
        .doesNotContain("PRIVATE");
  }

  @Test
  void requireHttpsPermanentRedirectsPlainHttpAndSendsHsts() throws Exception {
    startServer("MDRequireHttps permanent\n");
    Await.until(
        "the condition holds",
        Duration.ofSeconds(30),
        () -> managed().status(HOST).orElseThrow().state() == DomainState.VALID);

    ContentResponse get = verifying.GET("http://" + HOST + ":" + httpPort + "/a?b=c");
    ContentResponse post = verifying.POST("http://" + HOST + ":" + httpPort + "/form").send();
    ContentResponse acme = verifying.GET("http://" + HOST + ":" + httpPort + "/.well-known/x");
    ContentResponse secure = verifying.GET(url("/"));

    assertThat(get.getStatus()).isEqualTo(301);
    assertThat(get.getHeaders().get(HttpHeader.LOCATION)).isEqualTo("https://" + HOST + "/a?b=c");
    assertThat(post.getStatus()).isEqualTo(308);
    // not redirected; refused because dot-named paths are closed until AllowDotFiles opens them
    assertThat(acme.getStatus()).isEqualTo(403);
    assertThat(secure.getHeaders().get(HttpHeader.STRICT_TRANSPORT_SECURITY))
        .isEqualTo("max-age=15768000");
  }

  @Test
  void whatModMdAcceptsAndNeverCompletesIsRefusedAtLoad() {
    assertThatThrownBy(
            () ->
                load(
                    config("")
                        .replace(
                            "<MDomain " + HOST + ">", "<MDomain " + HOST + " www." + HOST + ">")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("a tailscale MDomain has exactly one name");
    assertThatThrownBy(
            () ->
                load(
                    config("")
                        .replace(
                            "MDCertificateProtocol tailscale", "MDCertificateProtocol Tailscale")))
        .hasMessageContaining("case-sensitive");
    assertThatThrownBy(
            () ->
                load(
                    config("")
                        .replace(
                            "MDCertificateAuthority file://" + fake.socketPath(),
                            "MDCertificateAuthority https://acme-v02.api.letsencrypt.org/directory")))
        .hasMessageContaining("an ACME CA URL cannot serve a tailscale domain");
    assertThatThrownBy(
            () ->
                load(
                    config("")
                        .replace(
                            "  SSLEngine on\n", "  SSLEngine on\n  ServerAlias www.example.org\n")))
        .hasMessageContaining("cannot cover the alias www.example.org");
    assertThatThrownBy(() -> load(config("MDRenewWindow soon\n")))
        .hasMessageContaining("write a duration (30d) or a percentage of the lifetime (33%)");
  }

  @Test
  void mdomainAutoTakesTheNameFromTailscaledWithoutDelayingStartup() throws Exception {
    fake.down();
    TailgateConfig config =
        load(
            "Listen 127.0.0.1:"
                + httpsPort
                + " https\n"
                + "MDStoreDir "
                + dir.resolve("md")
                + "\n"
                + "MDRetryDelay 100ms\n"
                + "MDCertificateProtocol tailscale\n"
                + "MDCertificateAuthority "
                + fake.socketPath()
                + "\n"
                + "MDomain auto\n"
                + "<VirtualHost *:"
                + httpsPort
                + ">\n"
                + "  SSLEngine on\n"
                + "  DocumentRoot "
                + dir.resolve("htdocs")
                + "\n"
                + "</VirtualHost>\n");
    server = TailgateServer.builder(config).drain(Duration.ofSeconds(2)).start();
    assertThat(managed().status()).isEmpty(); // started while tailscaled is down: nothing known yet

    fake.up();
    Await.until(
        "the condition holds",
        Duration.ofSeconds(30),
        () -> managed().status(HOST).map(s -> s.state() == DomainState.VALID).orElse(false));

    ContentResponse response = verifying.GET(url("/"));
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentAsString()).isEqualTo("managed\n");
  }

  @Test
  void theBlogsBarePathAndFileUrlsBothNameTheSocket() {
    assertThat(MdConfigCompiler.socketPath("/var/run/tailscale/tailscaled.sock"))
        .contains(Path.of("/var/run/tailscale/tailscaled.sock"));
    assertThat(MdConfigCompiler.socketPath("file:///run/ts.sock"))
        .contains(Path.of("/run/ts.sock"));
    assertThat(MdConfigCompiler.socketPath("file://localhost/run/ts.sock"))
        .contains(Path.of("/run/ts.sock"));
    assertThat(MdConfigCompiler.socketPath("file://otherhost/run/ts.sock")).isEmpty();
    assertThat(MdConfigCompiler.socketPath("letsencrypt")).isEmpty();
  }

  private ContentResponse newConnectionGet() throws Exception {
    HttpClient once = client(false);
    try {
      return once.GET(url("/"));
    } finally {
      once.stop();
    }
  }

  /** The serial a brand-new TLS connection is served. */
  private BigInteger servedSerial() {
    try {
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(fake.ca().trustStore());
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      try (SSLSocket socket =
          (SSLSocket)
              context
                  .getSocketFactory()
                  .createSocket(InetAddress.getLoopbackAddress(), httpsPort)) {
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(HOST)));
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
      }
    } catch (Exception e) {
      return BigInteger.ZERO;
    }
  }

  private HttpClient client(boolean trustAll) throws Exception {
    return TestClients.start(
        trustAll ? null : fake.ca().trustStore(), null, TestClients.Protocols.HTTP1);
  }
}
