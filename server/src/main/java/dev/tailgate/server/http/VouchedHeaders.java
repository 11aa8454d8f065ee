package dev.tailgate.server.http;

import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;

/**
 * The headers tailgate itself vouches for on one request (the identity headers of an authenticated
 * peer), kept apart from the client's headers until the backend request is built. Merging them into
 * the request early let a client's {@code Connection} header name them and have the proxy delete
 * them as hop-by-hop; {@link BackendRequestHeaders} adds them only after that step.
 */
public final class VouchedHeaders {
  private static final String ATTRIBUTE = VouchedHeaders.class.getName();

  private VouchedHeaders() {}

  public static void attach(Request request, List<HttpField> fields) {
    if (!fields.isEmpty()) {
      request.setAttribute(ATTRIBUTE, fields);
    }
  }

  @SuppressWarnings("unchecked")
  static List<HttpField> of(Request request) {
    Object fields = request.getAttribute(ATTRIBUTE);
    return fields instanceof List<?> list ? (List<HttpField>) list : List.of();
  }
}
