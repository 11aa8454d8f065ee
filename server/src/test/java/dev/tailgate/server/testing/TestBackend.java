package dev.tailgate.server.testing;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The one backend behind tailgate in these tests, MockWebServer-style: it records each request as
 * it arrived ({@link #take}) and answers what was {@link #enqueue}d, or by default 200 {@value
 * #BODY} with the target it saw in {@code Backend-Saw} and the {@code Tailscale-User-Login} that
 * reached it in {@value #SEEN_USER}, plus two headers a proxy must filter ({@code X-Backend-Hop},
 * named by {@code Connection}) or pass ({@code X-Backend-Secret}).
 *
 * <p>It is a real Jetty server told to accept what a naive backend accepts: any URI (so a test sees
 * the target tailgate forwarded, never a 400 of the backend's own) and header names as spelt.
 *
 * <p>A few paths behave, by their last segment: {@code stream-upload} answers the body's size and
 * SHA-256; {@code stream-download?size=n} streams {@link TestData} in {@link #CHUNK}s, pausing
 * after the first until {@link #letDownloadContinue}; {@code slow} waits for {@link #releaseSlow};
 * {@code /ws/*} is a WebSocket echo where text {@code close:4002} closes with that code.
 */
public final class TestBackend implements AutoCloseable {
  public static final int CHUNK = 64 * 1024;
  public static final String BODY = "ok";
  public static final String SEEN_USER = "X-Seen-User";
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  /** One request as received. Header names keep their spelling; look-ups ignore case only. */
  public record Received(
      String method, String target, List<String[]> headers, String body, String subProtocol) {
    /** The headers as Jetty fields, for tests that read them through Jetty's API. */
    public HttpFields fields() {
      HttpFields.Mutable fields = HttpFields.build();
      headers.forEach(h -> fields.add(h[0], h[1]));
      return fields.asImmutable();
    }

    /** The first value of {@code name}, case ignored; null when absent. */
    public String header(String name) {
      return headers.stream()
          .filter(h -> h[0].equalsIgnoreCase(name))
          .map(h -> h[1])
          .findFirst()
          .orElse(null);
    }

    /**
     * Every value of {@code name} (case ignored), joined with commas as a backend would read it.
     */
    public String joined(String name) {
      return String.join(
          ",", headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).toList());
    }

    /**
     * Every header whose name equals {@code name} once case and {@code _}/{@code -} are ignored.
     */
    public List<String> anySpelling(String name) {
      String folded = fold(name);
      return headers.stream()
          .filter(h -> fold(h[0]).equals(folded))
          .map(h -> h[0] + ": " + h[1])
          .toList();
    }

    private static String fold(String name) {
      return name.toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** An answer a test enqueues: served once, to the next ordinary request. */
  public record Answer(int status, Map<String, String> headers, String body) {
    public static Answer of(int status, String body) {
      return new Answer(status, Map.of(), body);
    }

    public Answer with(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new Answer(status, Map.copyOf(more), body);
    }
  }

  private final boolean recording;
  private final Server server = new Server();
  private final ServerConnector connector;
  private final BlockingQueue<Received> requests = new LinkedBlockingQueue<>();
  private final BlockingQueue<Received> upgrades = new LinkedBlockingQueue<>();
  private final BlockingQueue<String> webSocketCloses = new LinkedBlockingQueue<>();
  private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
  private final CountDownLatch uploadStarted = new CountDownLatch(1);
  private final CountDownLatch downloadMayContinue = new CountDownLatch(1);
  private final CountDownLatch slowArrived = new CountDownLatch(1);
  private final CompletableFuture<Void> slowReleased = new CompletableFuture<>();

  private TestBackend(boolean recording) throws Exception {
    this.recording = recording;
    HttpConfiguration http = new HttpConfiguration();
    http.setUriCompliance(UriCompliance.UNSAFE);
    http.setHttpCompliance(
        HttpCompliance.RFC9110.with(
            "as-spelt", HttpCompliance.Violation.CASE_SENSITIVE_FIELD_NAME));
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    connector.setAcceptQueueSize(200);
    server.addConnector(connector);
    WebSocketUpgradeHandler webSockets =
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setMaxBinaryMessageSize(4 * 1024 * 1024);
              container.addMapping(
                  "/ws/*",
                  (request, response, callback) -> {
                    String chosen =
                        request.getSubProtocols().contains("echo.v2") ? "echo.v2" : null;
                    if (chosen != null) {
                      response.setAcceptedSubProtocol(chosen);
                    }
                    upgrades.add(
                        new Received(
                            request.getMethod(),
                            request.getHttpURI().getPathQuery(),
                            headers(request.getHeaders()),
                            "",
                            chosen));
                    return new Echo();
                  });
            });
    webSockets.setHandler(new Routes());
    server.setHandler(webSockets);
    server.start();
  }

  /** A backend that records every request. */
  public static TestBackend start() throws Exception {
    return new TestBackend(true);
  }

  /** A backend for load: answers the same, records nothing, so memory stays flat. */
  public static TestBackend notRecording() throws Exception {
    return new TestBackend(false);
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://127.0.0.1:port}, no trailing slash. */
  public String origin() {
    return "http://127.0.0.1:" + port();
  }

  /** {@code http://127.0.0.1:port/}, for a {@code ProxyPass} target. */
  public String url() {
    return origin() + "/";
  }

  /** Serves {@code answer} to the next ordinary request instead of the default. */
  public void enqueue(Answer answer) {
    answers.add(answer);
  }

  /** The next request the backend received; fails if none arrives in time. */
  public Received take() throws InterruptedException {
    return next(requests, "request");
  }

  /** The next WebSocket upgrade the backend received. */
  public Received takeUpgrade() throws InterruptedException {
    return next(upgrades, "WebSocket upgrade");
  }

  /** Close code and reason of the next WebSocket the backend saw close, as {@code "4001 why"}. */
  public String takeWebSocketClose() throws InterruptedException {
    return next(webSocketCloses, "WebSocket close");
  }

  private static <T> T next(BlockingQueue<T> queue, String what) throws InterruptedException {
    T next = queue.poll(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    if (next == null) {
      throw new AssertionError("the backend received no " + what);
    }
    return next;
  }

  /** Whether every request that arrived has been taken: a test asserts a request never got here. */
  public boolean untouched() {
    return requests.isEmpty();
  }

  /** Drops what arrived so far. */
  public void clear() {
    requests.clear();
  }

  /** Waits until an upload's first bytes reached the backend. */
  public boolean awaitUploadStarted() throws InterruptedException {
    return uploadStarted.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Lets a download go on past its first chunk: the client has read that chunk. */
  public void letDownloadContinue() {
    downloadMayContinue.countDown();
  }

  /** Waits until the slow request reached the backend, so the caller knows it is in flight. */
  public void awaitSlowRequest() throws InterruptedException {
    if (!slowArrived.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the slow request never reached the backend");
    }
  }

  /** Lets the slow request answer. */
  public void releaseSlow() {
    slowReleased.complete(null);
  }

  @Override
  public void close() throws Exception {
    releaseSlow();
    letDownloadContinue();
    server.stop();
  }

  private static List<String[]> headers(HttpFields fields) {
    List<String[]> headers = new ArrayList<>(fields.size());
    fields.forEach(field -> headers.add(new String[] {field.getName(), field.getValue()}));
    return headers;
  }

  private final class Routes extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String path = request.getHttpURI().getPath();
      switch (path.substring(path.lastIndexOf('/') + 1)) {
        case "stream-upload" -> upload(request, response, callback);
        case "stream-download" -> download(request, response, callback);
        case "slow" -> {
          slowArrived.countDown();
          slowReleased.thenRun(() -> Content.Sink.write(response, true, "slow done", callback));
        }
        default -> ordinary(request, response, callback);
      }
      return true;
    }

    private void ordinary(Request request, Response response, Callback callback) throws Exception {
      String target = request.getHttpURI().getPathQuery();
      if (recording) {
        String body = Content.Source.asString(request, StandardCharsets.UTF_8);
        requests.add(
            new Received(request.getMethod(), target, headers(request.getHeaders()), body, null));
      }
      Answer answer = answers.poll();
      HttpFields.Mutable headers = response.getHeaders();
      if (answer != null) {
        response.setStatus(answer.status());
        answer.headers().forEach(headers::put);
        Content.Sink.write(response, true, answer.body(), callback);
        return;
      }
      String user = request.getHeaders().get("Tailscale-User-Login");
      headers.put("Backend-Saw", target);
      headers.put(SEEN_USER, user == null ? "-" : user);
      headers.put("X-Backend-Secret", "s3cret");
      headers.put("X-Backend-Hop", "one connection only");
      headers.put(HttpHeader.CONNECTION, "X-Backend-Hop");
      headers.put(HttpHeader.CONTENT_TYPE, "text/plain");
      Content.Sink.write(response, true, BODY, callback);
    }

    private void upload(Request request, Response response, Callback callback) throws Exception {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long size = 0;
      byte[] buffer = new byte[CHUNK];
      try (InputStream in = Content.Source.asInputStream(request)) {
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          uploadStarted.countDown();
          sha.update(buffer, 0, n);
          size += n;
        }
      }
      Content.Sink.write(
          response, true, size + " " + HexFormat.of().formatHex(sha.digest()), callback);
    }

    private void download(Request request, Response response, Callback callback) throws Exception {
      Fields query = Request.extractQueryParameters(request);
      long size = Long.parseLong(query.getValue("size"));
      TestData data = new TestData();
      try (OutputStream out = Content.Sink.asOutputStream(response)) {
        for (long sent = 0; sent < size; sent += CHUNK) {
          out.write(data.next((int) Math.min(CHUNK, size - sent)));
          out.flush();
          if (sent == 0 && !downloadMayContinue.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException(
                "the first chunk never reached the client: the proxy buffers");
          }
        }
      }
      callback.succeeded();
    }
  }

  /**
   * Echoes every message; {@code close:CODE} closes with that code. Public: Jetty binds it by
   * reflection.
   */
  public final class Echo implements Session.Listener.AutoDemanding {
    private Session session;

    @Override
    public void onWebSocketOpen(Session session) {
      this.session = session;
    }

    @Override
    public void onWebSocketText(String text) {
      if (text.startsWith("close:")) {
        session.close(
            Integer.parseInt(text.substring(6)),
            "backend says bye",
            org.eclipse.jetty.websocket.api.Callback.NOOP);
      } else {
        session.sendText("echo " + text, org.eclipse.jetty.websocket.api.Callback.NOOP);
      }
    }

    @Override
    public void onWebSocketBinary(
        ByteBuffer payload, org.eclipse.jetty.websocket.api.Callback callback) {
      ByteBuffer copy = ByteBuffer.allocate(payload.remaining()).put(payload).flip();
      callback.succeed();
      session.sendBinary(copy, org.eclipse.jetty.websocket.api.Callback.NOOP);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
      webSocketCloses.add(statusCode + " " + reason);
    }
  }
}
