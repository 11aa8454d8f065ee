package dev.tailgate.server.http;

import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The {@code X-Forwarded-For/-Proto/-Host} headers a backend gets, as httpd's mod_proxy names them
 * (most frameworks read these, fewer read RFC 7239 {@code Forwarded}).
 *
 * <p>Whatever the client sent under these names is dropped, not appended to: tailgate is the edge,
 * so the only trustworthy hop is the one it saw, and a backend that trusts the header must not see
 * an address the client made up. Shared by the HTTP proxy and the WebSocket tunnel so both tell the
 * backend the same story.
 */
final class ForwardedHeaders {
  private static final List<HttpHeader> CLIENT_SUPPLIED =
      List.of(
          HttpHeader.X_FORWARDED_FOR,
          HttpHeader.X_FORWARDED_PROTO,
          HttpHeader.X_FORWARDED_HOST,
          HttpHeader.X_FORWARDED_PORT,
          HttpHeader.X_FORWARDED_SERVER,
          HttpHeader.FORWARDED);

  private ForwardedHeaders() {}

  static void replace(Request client, HttpFields.Mutable headers) {
    CLIENT_SUPPLIED.forEach(headers::remove);
    headers.put(HttpHeader.X_FORWARDED_FOR, Request.getRemoteAddr(client));
    headers.put(HttpHeader.X_FORWARDED_PROTO, client.isSecure() ? "https" : "http");
    String host = client.getHttpURI().getAuthority();
    if (host != null) {
      headers.put(HttpHeader.X_FORWARDED_HOST, host);
    }
  }
}
