package dev.tailgate.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;

/**
 * A backend that records each request exactly as the bytes arrived (request line, header names as
 * spelt, body) and answers 200 with the target it saw in {@code Backend-Saw}. It is a plain
 * HTTP/1.1 server on a socket, not a framework: it never answers {@code 100 Continue} and never
 * normalises a target, so a test sees what a naive backend (a WSGI server, a PHP-FPM bridge) would
 * see.
 */
public final class RecordingBackend implements AutoCloseable {
  /** One request as received. Header names keep their spelling; look-ups ignore case only. */
  public record Received(String method, String target, List<String[]> headers, String body) {
    /** The headers as Jetty fields, for tests that read them through Jetty's API. */
    public HttpFields fields() {
      HttpFields.Mutable fields = HttpFields.build();
      headers.forEach(h -> fields.add(h[0], h[1]));
      return fields.asImmutable();
    }

    /**
     * The first value of {@code name}, compared exactly as spelt but for case; null when absent.
     */
    public String header(String name) {
      return headers.stream()
          .filter(h -> h[0].equalsIgnoreCase(name))
          .map(h -> h[1])
          .findFirst()
          .orElse(null);
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

  private final ServerSocket server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "recording-backend");
            thread.setDaemon(true);
            return thread;
          });
  private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
  private final List<Socket> open = new ArrayList<>();

  public RecordingBackend() throws IOException {
    server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The next request the backend received; fails if none arrives in time. */
  public Received take() throws InterruptedException {
    Received next = received.poll(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
    if (next == null) {
      throw new AssertionError("the backend received no request");
    }
    return next;
  }

  /** Whether every request that arrived has been taken: a test asserts a request never got here. */
  public boolean untouched() {
    return received.isEmpty();
  }

  /** Drops what arrived so far. */
  public void clear() {
    received.clear();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        synchronized (open) {
          open.add(socket);
        }
        threads.execute(() -> serve(socket));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream()) {
      while (true) {
        String requestLine = HttpLines.read(in);
        if (requestLine == null || requestLine.isEmpty()) {
          return;
        }
        String[] parts = requestLine.split(" ", 3);
        List<String[]> headers = new ArrayList<>();
        for (String header = HttpLines.read(in);
            header != null && !header.isEmpty();
            header = HttpLines.read(in)) {
          int colon = header.indexOf(':');
          headers.add(
              new String[] {header.substring(0, colon), header.substring(colon + 1).trim()});
        }
        Received request = new Received(parts[0], parts.length > 1 ? parts[1] : "", headers, "");
        String body = body(in, request);
        request = new Received(request.method(), request.target(), headers, body);
        received.add(request);
        byte[] content =
            ("saw " + request.method() + " " + request.target() + "\n")
                .getBytes(StandardCharsets.UTF_8);
        String head =
            "HTTP/1.1 200 OK\r\nBackend-Saw: "
                + request.target()
                + "\r\nContent-Type: text/plain\r\n"
                + "Content-Length: "
                + content.length
                + "\r\n\r\n";
        out.write(head.getBytes(StandardCharsets.ISO_8859_1));
        out.write(content);
        out.flush();
      }
    } catch (IOException ignored) {
      // the proxy closed the connection: nothing more to record
    }
  }

  private static String body(InputStream in, Received request) throws IOException {
    String length = request.header("Content-Length");
    if (length != null) {
      return new String(in.readNBytes(Integer.parseInt(length)), StandardCharsets.UTF_8);
    }
    String encoding = request.header("Transfer-Encoding");
    if (encoding == null || !encoding.equalsIgnoreCase("chunked")) {
      return "";
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = HttpLines.read(in);
      int n = Integer.parseInt(size.split(";")[0].trim(), 16);
      if (n == 0) {
        for (String trailer = HttpLines.read(in);
            trailer != null && !trailer.isEmpty();
            trailer = HttpLines.read(in)) {
          // trailers are not recorded
        }
        return body.toString(StandardCharsets.UTF_8);
      }
      body.write(in.readNBytes(n));
      HttpLines.read(in);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    synchronized (open) {
      for (Socket socket : open) {
        try {
          socket.close();
        } catch (SocketException ignored) {
          // already gone
        }
      }
    }
    threads.shutdownNow();
  }
}
