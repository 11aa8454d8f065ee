package dev.tailgate.server.auth;

import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;

/**
 * The request as handlers and backends see it: without any identity header the client sent, and
 * with the ones tailgate vouches for. Built once, read many times.
 */
final class IdentityRequest extends Request.Wrapper {
  private final HttpFields headers;

  private IdentityRequest(Request request, HttpFields headers) {
    super(request);
    this.headers = headers;
  }

  /** The request itself when there is nothing to strip or add (the common case: no copy). */
  static Request of(Request request, Set<String> stripped, List<HttpField> added) {
    HttpFields original = request.getHeaders();
    boolean spoofed = false;
    for (HttpField field : original) {
      if (contains(stripped, field)) {
        spoofed = true;
        break;
      }
    }
    if (!spoofed && added.isEmpty()) {
      return request;
    }
    HttpFields.Mutable copy = HttpFields.build(original.size() + added.size());
    for (HttpField field : original) {
      if (!contains(stripped, field)) {
        copy.add(field);
      }
    }
    added.forEach(copy::put);
    return new IdentityRequest(request, copy.asImmutable());
  }

  /** Known headers carry their lower-case name already, so the common case allocates nothing. */
  private static boolean contains(Set<String> lowerCaseNames, HttpField field) {
    return lowerCaseNames.contains(field.getLowerCaseName());
  }

  @Override
  public HttpFields getHeaders() {
    return headers;
  }
}
