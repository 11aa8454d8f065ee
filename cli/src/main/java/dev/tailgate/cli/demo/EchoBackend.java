package dev.tailgate.cli.demo;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * The demo's backend: it answers with the request it received, so a person can see which identity
 * headers tailgate added (and that a client's own copies were stripped).
 */
public final class EchoBackend implements AutoCloseable {
  private final Server server =
      new Server(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));

  public EchoBackend() throws Exception {
    server.setHandler(
        new Handler.Abstract.NonBlocking() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            StringBuilder body =
                new StringBuilder("echo backend received: ")
                    .append(request.getMethod())
                    .append(' ')
                    .append(request.getHttpURI().getPathQuery())
                    .append('\n');
            String remoteUser = request.getHeaders().get("Tailscale-User-Login");
            body.append("REMOTE_USER=").append(remoteUser == null ? "" : remoteUser).append('\n');
            for (HttpField field : request.getHeaders()) {
              String name = field.getName().toLowerCase(Locale.ROOT);
              if (name.startsWith("tailscale-")
                  || name.startsWith("x-forwarded-")
                  || name.equals("host")) {
                body.append(field.getName()).append(": ").append(field.getValue()).append('\n');
              }
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
            response.write(
                true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), callback);
            return true;
          }
        });
    server.start();
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
