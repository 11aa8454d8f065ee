package dev.tailgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tailgate.server.testing.RawHttp;
import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestBackend;
import dev.tailgate.server.testing.TestData;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.exceptions.UpgradeException;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WebSocket pass-through: a real Jetty WebSocket client, tailgate over TLS, a real echo backend.
 * The echo test also runs with a client that prefers HTTP/2: tailgate does not offer WebSocket over
 * HTTP/2 (RFC 8441), so that client must fall back to an HTTP/1.1 upgrade and still work.
 */
class WebSocketProxyTest {
  private static final String VPS = "vps.example.test";

  private TestBackend backend;
  @RegisterExtension final TailgateHarness tailgate = TailgateHarness.open();
  private WebSocketClient client;
  private int deadPort;

  @BeforeEach
  void start() throws Exception {
    backend = TestBackend.start();
    deadPort = TailgateHarness.freePort();
    tailgate.certificate(VPS);
    tailgate.start(
        "Listen 127.0.0.1:"
            + tailgate.port
            + " https\n"
            + tailgate.tlsVirtualHost(
                VPS,
                "  ProxyPass /live/ "
                    + backend.origin()
                    + "/ws/\n"
                    + "  ProxyPass /gone/ http://127.0.0.1:"
                    + deadPort
                    + "/ws/\n"
                    + "  <Location /kept/>\n"
                    + "    ProxyPass "
                    + backend.origin()
                    + "/ws/\n"
                    + "    ProxyPreserveHost on\n"
                    + "    RequestHeader set X-Api-Key from-tailgate\n"
                    + "  </Location>\n"));
    useHttp(1);
  }

  private void useHttp(int version) throws Exception {
    if (client != null) {
      client.stop();
    }
    client = new WebSocketClient(version == 2 ? tailgate.client() : tailgate.http1Client());
    client.setMaxBinaryMessageSize(4 * 1024 * 1024);
    client.start();
  }

  @AfterEach
  void stop() throws Exception {
    client.stop();
    backend.close();
  }

  private URI wss(String pathQuery) {
    return URI.create("wss://" + VPS + ":" + tailgate.port + pathQuery);
  }

  private Session connect(ClientEnd end, String pathQuery) throws Exception {
    return client.connect(end, wss(pathQuery)).get(10, TimeUnit.SECONDS);
  }

  private TestBackend.Received upgradeAtBackend() throws InterruptedException {
    TestBackend.Received seen = backend.takeUpgrade();
    assertThat(seen).as("upgrade at the backend").isNotNull();
    return seen;
  }

  @ParameterizedTest(name = "client speaking HTTP/{0}")
  @ValueSource(ints = {1, 2})
  void textAndBinaryMessagesAreEchoedThroughTheProxy(int httpVersion) throws Exception {
    useHttp(httpVersion);
    ClientEnd end = new ClientEnd();
    Session session = connect(end, "/live/echo?room=1");
    assertThat(session.getUpgradeResponse().getStatusCode())
        .as("an HTTP/1.1 upgrade")
        .isEqualTo(101);

    session.sendText("hello", Callback.NOOP);
    assertThat(end.texts.poll(10, TimeUnit.SECONDS)).isEqualTo("echo hello");
    byte[] large = new TestData().next(1024 * 1024);
    session.sendBinary(ByteBuffer.wrap(large), Callback.NOOP);
    ByteBuffer echoed = end.binaries.poll(10, TimeUnit.SECONDS);

    assertThat(echoed).as("binary echo").isNotNull();
    assertThat(echoed).isEqualTo(ByteBuffer.wrap(large));
    session.close();
    assertThat(end.closed.get(10, TimeUnit.SECONDS)).startsWith("1000");
  }

  @Test
  void theBackendHandshakeCarriesThePathQueryAndForwardedHeaders() throws Exception {
    ClientUpgradeRequest request = new ClientUpgradeRequest();
    request.setHeader("X-Forwarded-For", "203.0.113.66");
    request.setHeader("Cookie", "session=abc");
    request.setSubProtocols("echo.v2", "echo.v1");
    Session session =
        client
            .connect(new ClientEnd(), wss("/live/chat/room%201?user=ann&x=%26"), request)
            .get(10, TimeUnit.SECONDS);

    TestBackend.Received seen = upgradeAtBackend();
    assertThat(seen.target()).isEqualTo("/ws/chat/room%201?user=ann&x=%26");
    assertThat(seen.fields().getValuesList("X-Forwarded-For")).containsExactly("127.0.0.1");
    assertThat(seen.fields().get("X-Forwarded-Proto")).isEqualTo("https");
    assertThat(seen.fields().get("X-Forwarded-Host")).isEqualTo(VPS + ":" + tailgate.port);
    assertThat(seen.fields().get(HttpHeader.HOST)).isEqualTo("127.0.0.1:" + backend.port());
    assertThat(seen.fields().get(HttpHeader.COOKIE)).isEqualTo("session=abc");
    assertThat(seen.subProtocol()).isEqualTo("echo.v2");
    assertThat(session.getUpgradeResponse().getAcceptedSubProtocol()).isEqualTo("echo.v2");
    session.close();
  }

  @Test
  void locationSettingsApplyToTheBackendHandshake() throws Exception {
    Session session = connect(new ClientEnd(), "/kept/echo");

    TestBackend.Received seen = upgradeAtBackend();
    assertThat(seen.target()).isEqualTo("/ws/echo");
    assertThat(seen.fields().get(HttpHeader.HOST)).isEqualTo(VPS + ":" + tailgate.port);
    assertThat(seen.fields().get("X-Api-Key")).isEqualTo("from-tailgate");
    session.close();
  }

  @Test
  void aCloseFromTheClientReachesTheBackendWithItsCode() throws Exception {
    ClientEnd end = new ClientEnd();
    Session session = connect(end, "/live/echo");

    session.close(4001, "client says bye", Callback.NOOP);

    assertThat(backend.takeWebSocketClose()).isEqualTo("4001 client says bye");
    assertThat(end.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4001 client says bye");
  }

  @Test
  void aCloseFromTheBackendReachesTheClientWithItsCode() throws Exception {
    ClientEnd end = new ClientEnd();
    Session session = connect(end, "/live/echo");

    session.sendText("close:4002", Callback.NOOP);

    assertThat(end.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4002 backend says bye");
    assertThat(backend.takeWebSocketClose()).isEqualTo("4002 backend says bye");
  }

  @Test
  void aWebSocketToABackendThatIsDownFailsWith502() throws Exception {
    Throwable failure = catchThrowable(() -> connect(new ClientEnd(), "/gone/echo"));
    ContentResponse page =
        tailgate
            .http1Client()
            .newRequest(tailgate.url(VPS, "/gone/echo"))
            .version(HttpVersion.HTTP_1_1)
            .headers(
                h ->
                    h.put(HttpHeader.CONNECTION, "Upgrade")
                        .put(HttpHeader.UPGRADE, "websocket")
                        .put(HttpHeader.SEC_WEBSOCKET_VERSION, "13")
                        .put(HttpHeader.SEC_WEBSOCKET_KEY, "dGhlIHNhbXBsZSBub25jZQ=="))
            .send();

    assertThat(failure)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(UpgradeException.class);
    assertThat(((UpgradeException) failure.getCause()).getResponseStatusCode()).isEqualTo(502);
    assertThat(page.getStatus()).isEqualTo(502);
    assertThat(page.getContentAsString()).contains("http://127.0.0.1:" + deadPort);
  }

  /**
   * The upgrade to the backend is built by the same code as a proxied request: a client's {@code
   * Connection} header cannot remove what tailgate sets, and no spelling of it gets through.
   */
  @Test
  void aClientsConnectionHeaderCannotRemoveWhatTailgateSetsOnTheUpgrade() throws Exception {
    RawHttp.Reply reply =
        RawHttp.tls("127.0.0.1", tailgate.port, VPS, tailgate.trustStore())
            .send(
                "GET /kept/chat HTTP/1.1\r\nHost: "
                    + VPS
                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade, X-Api-Key, X-Forwarded-For\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "X_Api_Key: forged\r\nX-Api-Key: forged\r\n\r\n");

    assertThat(reply.status()).isEqualTo(101);
    TestBackend.Received seen = backend.takeUpgrade();
    assertThat(seen).as("the backend got the upgrade").isNotNull();
    assertThat(seen.fields().getValuesList("X-Api-Key")).containsExactly("from-tailgate");
    assertThat(seen.fields().get("X_Api_Key")).isNull();
    assertThat(seen.fields().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
  }
}
