package dev.tailgate.server.load;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The backend behind tailgate in the load suite: answers every request at once with a small body
 * and tells, in {@value #SEEN_USER}, which {@code Tailscale-User-Login} reached it. That header is
 * how the suite checks that no request needing an identity got through without one.
 */
final class FastBackend implements AutoCloseable {
  static final String SEEN_USER = "X-Seen-User";
  static final String BODY = "ok\n";
  private static final byte[] BODY_BYTES = BODY.getBytes(StandardCharsets.US_ASCII);

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server);

  FastBackend() throws Exception {
    connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract.NonBlocking() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            String user = request.getHeaders().get("Tailscale-User-Login");
            response.setStatus(200);
            response.getHeaders().put(SEEN_USER, user == null ? "-" : user);
            response.getHeaders().put("Content-Type", "text/plain");
            response.write(true, ByteBuffer.wrap(BODY_BYTES), callback);
            return true;
          }
        });
    server.start();
  }

  int port() {
    return connector.getLocalPort();
  }

  @Override
  public void close() throws IOException {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IOException("cannot stop the backend", e);
    }
  }
}
