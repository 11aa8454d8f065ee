package dev.tailgate.server.md;

import dev.tailgate.certs.managed.DomainStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code SetHandler md-status}: JSON for tools (mod_md's shape), or an HTML page when a browser
 * asks for one. {@code …/NAME} at the end of the path selects one domain, as mod_md's does.
 */
public final class MdStatusHandler extends Handler.Abstract.NonBlocking {
  public static final String NAME = "md-status";

  private final Supplier<List<DomainStatus>> status;
  private final Function<List<DomainStatus>, String> page;

  /**
   * @param status the current managers' status, read at each request (it follows reloads)
   * @param page the status page for people, showing these domains
   */
  public MdStatusHandler(
      Supplier<List<DomainStatus>> status, Function<List<DomainStatus>, String> page) {
    this.status = status;
    this.page = page;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    List<DomainStatus> all = status.get();
    String path = Request.getPathInContext(request);
    String last = path.substring(path.lastIndexOf('/') + 1);
    List<DomainStatus> selected = all.stream().filter(d -> d.name().equals(last)).toList();
    String accept = request.getHeaders().get(HttpHeader.ACCEPT);
    boolean html = accept != null && accept.contains("text/html");
    String body;
    if (!selected.isEmpty()) {
      body = html ? page.apply(selected) : MdStatusJson.render(selected.get(0));
    } else {
      body = html ? page.apply(all) : MdStatusJson.render(all);
    }
    response.setStatus(200);
    response
        .getHeaders()
        .put(HttpHeader.CONTENT_TYPE, html ? "text/html;charset=utf-8" : "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    if (html) {
      response
          .getHeaders()
          .put("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
    }
    response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    return true;
  }
}
