package dev.tailgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestBackend;
import dev.tailgate.server.testing.TestData;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.AsyncRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.util.FutureCallback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reverse proxy end to end: a real client over TLS with SNI, a real tailgate, a real backend.
 * Every assertion is about what one of the two ends actually received.
 */
class ProxyTest {
  private static final String VPS = "vps.example.test";
  private static final String SLOW = "slow.example.test";

  private TestBackend backend;
  @RegisterExtension final TailgateHarness tailgate = TailgateHarness.open();
  private int deadPort;

  @BeforeEach
  void start() throws Exception {
    backend = TestBackend.start();
    deadPort = TailgateHarness.freePort();
    tailgate.certificate(VPS);
    tailgate.certificate(SLOW);
    tailgate.file("docs/app/static/file.txt", "from disk\n");
    String b = backend.origin();
    tailgate.start(
        "Listen 127.0.0.1:"
            + tailgate.port
            + " https\n"
            + tailgate.tlsVirtualHost(
                VPS,
                "  DocumentRoot @DIR@/docs\n"
                    + "  ProxyPass /app/static/ !\n"
                    + "  ProxyPass /app/ "
                    + b
                    + "/backend/\n"
                    + "  ProxyPassReverse /app/ "
                    + b
                    + "/backend/\n"
                    + "  ProxyPass /down/ http://127.0.0.1:"
                    + deadPort
                    + "/\n"
                    + "  <Location /kept>\n"
                    + "    ProxyPass "
                    + b
                    + "/in-location\n"
                    + "    ProxyPreserveHost on\n"
                    + "  </Location>\n"
                    + "  <Location /headers>\n"
                    + "    ProxyPass "
                    + b
                    + "/headers\n"
                    + "    RequestHeader set X-Api-Key from-tailgate\n"
                    + "    RequestHeader unset X-Drop-Me\n"
                    + "    RequestHeader add X-Multi from-tailgate\n"
                    + "    Header set X-Frame-Options DENY\n"
                    + "    Header unset X-Backend-Secret\n"
                    + "    Header add X-Extra added\n"
                    + "  </Location>\n")
            + tailgate.tlsVirtualHost(SLOW, "  ProxyTimeout 1\n" + "  ProxyPass / " + b + "/\n"));
  }

  @AfterEach
  void stop() throws Exception {
    backend.close();
  }

  private ContentResponse get(String host, String pathQuery) throws Exception {
    return tailgate
        .client()
        .newRequest(tailgate.url(host, pathQuery))
        .timeout(10, TimeUnit.SECONDS)
        .send();
  }

  private TestBackend.Received seenByBackend() throws InterruptedException {
    TestBackend.Received seen = backend.take();
    assertThat(seen).as("request at the backend").isNotNull();
    return seen;
  }

  /** A body of unknown length (chunked over HTTP/1.1, plain DATA frames over HTTP/2). */
  @ParameterizedTest
  @ValueSource(strings = {"HTTP/1.1", "HTTP/2.0"})
  void aLargeUploadStreamsToTheBackendAndArrivesIntact(String version) throws Exception {
    long size = 20L * 1024 * 1024;
    AsyncRequestContent body = new AsyncRequestContent("application/octet-stream");
    InputStreamResponseListener answer = new InputStreamResponseListener();
    tailgate
        .client()
        .newRequest(tailgate.url(VPS, "/app/stream-upload"))
        .version(HttpVersion.fromString(version))
        .method(HttpMethod.POST)
        .body(body)
        .send(answer);

    TestData data = new TestData();
    write(body, data.next(TestBackend.CHUNK));
    assertThat(backend.awaitUploadStarted())
        .as("the backend reads the body while the client is still sending it")
        .isTrue();
    for (long sent = TestBackend.CHUNK; sent < size; sent += TestBackend.CHUNK) {
      write(body, data.next((int) Math.min(TestBackend.CHUNK, size - sent)));
    }
    body.close();

    Response response = answer.get(30, TimeUnit.SECONDS);
    String text;
    try (InputStream in = answer.getInputStream()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(text).isEqualTo(size + " " + TestData.sha256(size, TestBackend.CHUNK));
  }

  private static void write(AsyncRequestContent body, byte[] bytes) throws Exception {
    FutureCallback written = new FutureCallback();
    body.write(ByteBuffer.wrap(bytes), written);
    written.get(10, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HTTP/1.1", "HTTP/2.0"})
  void aLargeDownloadStreamsToTheClientAndArrivesIntact(String version) throws Exception {
    long size = 20L * 1024 * 1024;
    InputStreamResponseListener listener = new InputStreamResponseListener();
    tailgate
        .client()
        .newRequest(tailgate.url(VPS, "/app/stream-download?size=" + size))
        .version(HttpVersion.fromString(version))
        .send(listener);

    Response response = listener.get(10, TimeUnit.SECONDS);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    long received = 0;
    byte[] buffer = new byte[16 * 1024];
    try (InputStream in = listener.getInputStream()) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        // the backend holds the rest back until this: a proxy that buffered would never get here
        backend.letDownloadContinue();
        sha.update(buffer, 0, n);
        received += n;
      }
    }

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(received).isEqualTo(size);
    assertThat(HexFormat.of().formatHex(sha.digest()))
        .isEqualTo(TestData.sha256(size, TestBackend.CHUNK));
  }

  @Test
  void theBackendSeesForwardedHeadersThatTheClientCannotForge() throws Exception {
    ContentResponse response =
        tailgate
            .client()
            .newRequest(tailgate.url(VPS, "/app/who"))
            .version(HttpVersion.HTTP_1_1)
            .headers(
                h ->
                    h.put("X-Forwarded-For", "203.0.113.66")
                        .put("X-Forwarded-Host", "evil.example")
                        .put("X-Forwarded-Proto", "gopher")
                        .put(HttpHeader.FORWARDED, "for=203.0.113.66"))
            .send();

    TestBackend.Received seen = seenByBackend();
    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(seen.fields().getValuesList("X-Forwarded-For")).containsExactly("127.0.0.1");
    assertThat(seen.fields().getValuesList("X-Forwarded-Proto")).containsExactly("https");
    assertThat(seen.fields().getValuesList("X-Forwarded-Host"))
        .containsExactly(VPS + ":" + tailgate.port);
    assertThat(seen.fields().get(HttpHeader.FORWARDED)).isNull();
    assertThat(seen.fields().get(HttpHeader.VIA)).isNull();
    assertThat(seen.fields().getValuesList(HttpHeader.USER_AGENT))
        .as("not doubled by the proxy's client")
        .hasSize(1);
  }

  @Test
  void hopByHopHeadersStopAtTailgateInBothDirections() throws Exception {
    ContentResponse response =
        tailgate
            .client()
            .newRequest(tailgate.url(VPS, "/app/hops"))
            .version(HttpVersion.HTTP_1_1)
            .headers(
                h ->
                    h.put(HttpHeader.CONNECTION, "keep-alive, X-Client-Hop")
                        .put("X-Client-Hop", "for tailgate only")
                        .put(HttpHeader.KEEP_ALIVE, "timeout=5")
                        .put(HttpHeader.TE, "trailers")
                        .put("X-End-To-End", "kept"))
            .send();

    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
    TestBackend.Received seen = seenByBackend();
    assertThat(seen.fields().get("X-End-To-End")).isEqualTo("kept");
    assertThat(seen.fields().get("X-Client-Hop")).isNull();
    assertThat(seen.fields().get(HttpHeader.KEEP_ALIVE)).isNull();
    assertThat(seen.fields().get(HttpHeader.TE)).isNull();
    assertThat(response.getHeaders().get("X-Backend-Hop")).isNull();
    assertThat(response.getHeaders().get("X-Backend-Secret")).isEqualTo("s3cret");
  }

  /**
   * The attacker's case for the response side's shortcut (a response without {@code Connection}
   * skips the hop-by-hop step): a backend that spells the header in lower case, names the hop
   * header in another case and lists it beside a token, still has the named header removed.
   */
  @Test
  void aConnectionHeaderInAnySpellingStillRemovesWhatItNames() throws Exception {
    backend.enqueue(
        TestBackend.Answer.of(200, "ok")
            .with("X-Internal-Token", "for the proxy only")
            .with("connection", "keep-alive, x-INTERNAL-token")
            .with("X-End-To-End", "kept"));

    ContentResponse response = get(VPS, "/app/hops");

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getHeaders().get("X-Internal-Token")).isNull();
    assertThat(response.getHeaders().get("X-End-To-End")).isEqualTo("kept");
  }

  /**
   * The attacker's case for the keep-alive shortcut (a response whose {@code Connection} says only
   * {@code keep-alive} builds no set of names): the backend's {@code Keep-Alive} parameters, which
   * describe its connection to tailgate, still never reach the client.
   */
  @Test
  void aBackendsKeepAliveParametersStayWithTailgate() throws Exception {
    backend.enqueue(
        TestBackend.Answer.of(200, "ok")
            .with("Connection", "Keep-Alive")
            .with("Keep-Alive", "timeout=5, max=100")
            .with("X-End-To-End", "kept"));

    ContentResponse response = get(VPS, "/app/hops");

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getHeaders().get(HttpHeader.KEEP_ALIVE)).isNull();
    assertThat(response.getHeaders().get("X-End-To-End")).isEqualTo("kept");
  }

  @Test
  void proxyPreserveHostDecidesTheHostTheBackendSees() throws Exception {
    get(VPS, "/kept/x");
    TestBackend.Received preserved = seenByBackend();
    get(VPS, "/app/x");
    TestBackend.Received rewritten = seenByBackend();

    assertThat(preserved.target()).isEqualTo("/in-location/x");
    assertThat(preserved.fields().get(HttpHeader.HOST)).isEqualTo(VPS + ":" + tailgate.port);
    assertThat(rewritten.fields().get(HttpHeader.HOST)).isEqualTo("127.0.0.1:" + backend.port());
  }

  @Test
  void proxyPassReverseMapsABackendRedirectOntoThisHost() throws Exception {
    backend.enqueue(
        TestBackend.Answer.of(302, "").with("Location", backend.origin() + "/backend/deep/next"));

    ContentResponse response = get(VPS, "/app/deep/redirect");

    assertThat(response.getStatus()).isEqualTo(302);
    assertThat(response.getHeaders().get(HttpHeader.LOCATION))
        .isEqualTo(tailgate.url(VPS, "/app/deep/next"));
  }

  @Test
  void requestHeaderAndHeaderDirectivesApplyToProxiedTraffic() throws Exception {
    ContentResponse response =
        tailgate
            .client()
            .newRequest(tailgate.url(VPS, "/headers"))
            .version(HttpVersion.HTTP_1_1)
            .headers(
                h ->
                    h.put("X-Api-Key", "from-client")
                        .put("X-Drop-Me", "1")
                        .put("X-Multi", "from-client"))
            .send();

    TestBackend.Received seen = seenByBackend();
    assertThat(seen.fields().getValuesList("X-Api-Key")).containsExactly("from-tailgate");
    assertThat(seen.fields().get("X-Drop-Me")).isNull();
    assertThat(seen.fields().getValuesList("X-Multi"))
        .containsExactly("from-client", "from-tailgate");
    assertThat(response.getHeaders().get("X-Frame-Options")).isEqualTo("DENY");
    assertThat(response.getHeaders().get("X-Backend-Secret")).isNull();
    assertThat(response.getHeaders().getValuesList("X-Extra")).containsExactly("added");
  }

  @Test
  void anExcludedPathIsServedFromDiskNotProxied() throws Exception {
    ContentResponse excluded = get(VPS, "/app/static/file.txt");
    ContentResponse proxied = get(VPS, "/app/other.txt");

    assertThat(excluded.getContentAsString()).isEqualTo("from disk\n");
    assertThat(proxied.getContentAsString()).isEqualTo("ok");
    assertThat(seenByBackend().target()).isEqualTo("/backend/other.txt");
    assertThat(backend.untouched()).isTrue();
  }

  @Test
  void queryStringsAndPercentEncodedPathsReachTheBackendUnchanged() throws Exception {
    String query = "?q=a%20b&amp=%26&plus=1+1&empty=";
    ContentResponse response = get(VPS, "/app/a%20b/caf%C3%A9/x+y/%3F%23%3B" + query);

    assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
    // as mod_proxy: the path is decoded once and re-encoded once, where ';' is not escaped (%3B
    // becomes ';', as httpd sends it; the differential test against httpd checks the same)
    assertThat(seenByBackend().target()).isEqualTo("/backend/a%20b/caf%C3%A9/x+y/%3F%23;" + query);
  }

  @Test
  void aBackendThatIsDownGivesA502NamingIt() throws Exception {
    ContentResponse response = get(VPS, "/down/page");

    assertThat(response.getStatus()).isEqualTo(502);
    assertThat(response.getContentAsString()).contains("http://127.0.0.1:" + deadPort);
  }

  @Test
  void aBackendSlowerThanProxyTimeoutGivesA504NamingIt() throws Exception {
    try {
      ContentResponse response = get(SLOW, "/slow");

      assertThat(response.getStatus()).isEqualTo(504);
      assertThat(response.getContentAsString())
          .contains("http://127.0.0.1:" + backend.port())
          .contains("ProxyTimeout");
    } finally {
      backend.releaseSlow();
    }
  }

  @Test
  void http2ClientsAreProxiedToo() throws Exception {
    ContentResponse response =
        tailgate
            .client()
            .newRequest(tailgate.url(VPS, "/app/h2"))
            .version(HttpVersion.HTTP_2)
            .send();

    assertThat(response.getVersion()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(response.getContentAsString()).isEqualTo("ok");
    TestBackend.Received seen = seenByBackend();
    assertThat(seen.target()).isEqualTo("/backend/h2");
    assertThat(seen.fields().get(HttpHeader.TRANSFER_ENCODING)).as("a GET gets no body").isNull();
    assertThat(seen.fields().get(HttpHeader.CONTENT_LENGTH)).isNull();
    assertThat(seen.fields().get("X-Forwarded-Host")).isEqualTo(VPS + ":" + tailgate.port);
  }
}
