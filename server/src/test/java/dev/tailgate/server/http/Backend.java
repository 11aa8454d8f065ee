package dev.tailgate.server.http;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A real HTTP and WebSocket backend on a free loopback port: the thing tailgate proxies to in these
 * tests. It records what it received, so tests assert what a backend actually sees.
 *
 * <p>Routes, by the last path segment: {@code upload} answers the body's size and SHA-256; {@code
 * download?size=n} streams {@link TestData} in chunks, pausing after the first until {@link
 * #clientReadFirstChunk} opens; {@code redirect} answers 302 to its own absolute URL; {@code slow}
 * waits for {@link #releaseSlow}; anything else answers {@code ok} with a few headers a proxy must
 * filter. {@code /ws/*} is a WebSocket echo; text {@code close:4002} makes it close.
 */
public final class Backend implements AutoCloseable {
  static final int CHUNK = 64 * 1024;

  /** Each plain HTTP request, as the backend saw it. */
  final BlockingQueue<Seen> requests = new LinkedBlockingQueue<>();

  /** Each WebSocket upgrade, as the backend saw it. */
  final BlockingQueue<Seen> upgrades = new LinkedBlockingQueue<>();

  /** Close code and reason of each WebSocket, as {@code "4001 reason"}. */
  final BlockingQueue<String> webSocketCloses = new LinkedBlockingQueue<>();

  final CountDownLatch uploadStarted = new CountDownLatch(1);
  final CountDownLatch clientReadFirstChunk = new CountDownLatch(1);
  final CountDownLatch releaseSlow = new CountDownLatch(1);

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  /** A request as received: method, raw path and query as sent on the wire, headers. */
  record Seen(String method, String pathQuery, HttpFields headers, String subProtocol) {}

  Backend() throws Exception {
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
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
                        new Seen(
                            request.getMethod(),
                            request.getHttpURI().getPathQuery(),
                            request.getHeaders(),
                            chosen));
                    return new Echo();
                  });
            });
    webSockets.setHandler(new Routes());
    server.setHandler(webSockets);
    server.start();
  }

  int port() {
    return connector.getLocalPort();
  }

  String origin() {
    return "http://127.0.0.1:" + port();
  }

  @Override
  public void close() throws Exception {
    releaseSlow.countDown();
    clientReadFirstChunk.countDown();
    server.stop();
  }

  private final class Routes extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      String path = request.getHttpURI().getPath();
      String route = path.substring(path.lastIndexOf('/') + 1);
      switch (route) {
        case "upload" -> upload(request, response, callback);
        case "download" -> download(request, response, callback);
        case "redirect" -> {
          response.setStatus(302);
          response
              .getHeaders()
              .put(HttpHeader.LOCATION, origin() + path.replace("redirect", "next"));
          callback.succeeded();
        }
        case "slow" -> {
          releaseSlow.await(30, TimeUnit.SECONDS);
          Content.Sink.write(response, true, "late", callback);
        }
        default -> {
          requests.add(
              new Seen(
                  request.getMethod(),
                  request.getHttpURI().getPathQuery(),
                  request.getHeaders(),
                  null));
          response.getHeaders().put("X-Backend-Secret", "s3cret");
          response.getHeaders().put("X-Backend-Hop", "one connection only");
          response.getHeaders().put(HttpHeader.CONNECTION, "X-Backend-Hop");
          Content.Sink.write(response, true, "ok", callback);
        }
      }
      return true;
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
          if (sent == 0 && !clientReadFirstChunk.await(10, TimeUnit.SECONDS)) {
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

  static String text(HttpFields headers, String name) {
    return String.join(",", headers.getValuesList(name));
  }
}
