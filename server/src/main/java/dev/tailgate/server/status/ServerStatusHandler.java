package dev.tailgate.server.status;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code SetHandler server-status}: the status page for people (httpd's name for its own). It shows
 * peer addresses and paths, so give its location access rules as for any admin page.
 */
public final class ServerStatusHandler extends Handler.Abstract.NonBlocking {
  public static final String NAME = "server-status";

  private final Supplier<ServerStatus> status;

  public ServerStatusHandler(Supplier<ServerStatus> status) {
    this.status = status;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    byte[] body = StatusPage.render(status.get()).getBytes(StandardCharsets.UTF_8);
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response
        .getHeaders()
        .put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    response.write(true, ByteBuffer.wrap(body), callback);
    return true;
  }
}
