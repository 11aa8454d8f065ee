package dev.tailgate.server.auth;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A real HTTP backend on loopback that records the headers of every request it gets and answers
 * "ok".
 */
final class EchoBackend implements AutoCloseable {
  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);
  private final BlockingQueue<HttpFields> seen = new LinkedBlockingQueue<>();

  EchoBackend() throws Exception {
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract.NonBlocking() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            seen.add(request.getHeaders().asImmutable());
            response.setStatus(200);
            response.write(
                true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), callback);
            return true;
          }
        });
    server.start();
  }

  int port() {
    return connector.getLocalPort();
  }

  /** The headers of the next request the backend received; fails if none comes in time. */
  HttpFields next() throws InterruptedException {
    HttpFields fields = seen.poll(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
    if (fields == null) {
      throw new AssertionError("the backend received no request");
    }
    return fields;
  }

  /** Whether any request reached the backend that no test has looked at. */
  boolean idle() {
    return seen.isEmpty();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
