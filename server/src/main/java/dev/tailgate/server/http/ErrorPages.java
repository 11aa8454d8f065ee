package dev.tailgate.server.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Short error pages that say why, in plain words (a person reading a 502 wants to know which
 * backend is down). Text is escaped, since it can carry configuration values.
 */
public final class ErrorPages {
  private ErrorPages() {}

  public static void send(Response response, Callback callback, int status, String explanation) {
    String reason = HttpStatus.getMessage(status);
    String html =
        "<!DOCTYPE html>\n<html><head><title>"
            + status
            + " "
            + reason
            + "</title></head>\n<body><h1>"
            + status
            + " "
            + reason
            + "</h1>\n<p>"
            + escape(explanation)
            + "</p>\n<hr><address>tailgate</address>"
            + "</body></html>\n";
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(html.getBytes(StandardCharsets.UTF_8)), callback);
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
