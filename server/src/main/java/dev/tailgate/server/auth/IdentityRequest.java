package dev.tailgate.server.auth;

import dev.tailgate.server.http.HeaderNames;
import dev.tailgate.server.http.VouchedHeaders;
import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;

/**
 * The request as handlers and backends see it: without any identity header the client sent, in any
 * spelling a backend might read as the same ({@code Tailscale_User_Login}, {@code
 * tailscale-user-login}). The identity headers tailgate vouches for travel separately ({@link
 * VouchedHeaders}) and are added to a backend request only after its hop-by-hop headers are gone.
 */
final class IdentityRequest extends Request.Wrapper {
  private final HttpFields headers;

  private IdentityRequest(Request request, HttpFields headers) {
    super(request);
    this.headers = headers;
  }

  /**
   * @param stripped folded names ({@link HeaderNames#fold}) no client may send
   * @return the request itself when there is nothing to strip (the common case: no copy)
   */
  static Request of(Request request, Set<String> stripped, List<HttpField> vouched) {
    VouchedHeaders.attach(request, vouched);
    HttpFields original = request.getHeaders();
    boolean spoofed = false;
    for (HttpField field : original) {
      if (contains(stripped, field)) {
        spoofed = true;
        break;
      }
    }
    if (!spoofed) {
      return request;
    }
    HttpFields.Mutable copy = HttpFields.build(original.size());
    for (HttpField field : original) {
      if (!contains(stripped, field)) {
        copy.add(field);
      }
    }
    return new IdentityRequest(request, copy.asImmutable());
  }

  private static boolean contains(Set<String> foldedNames, HttpField field) {
    return foldedNames.contains(HeaderNames.fold(field));
  }

  @Override
  public HttpFields getHeaders() {
    return headers;
  }
}
