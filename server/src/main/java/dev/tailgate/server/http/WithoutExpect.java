package dev.tailgate.server.http;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/** A request as the proxy machinery should see it: its {@code Expect} already taken care of. */
final class WithoutExpect extends Request.Wrapper {
  private final HttpFields headers;

  private WithoutExpect(Request request, HttpFields headers) {
    super(request);
    this.headers = headers;
  }

  static Request of(Request request) {
    HttpFields headers = request.getHeaders();
    if (!headers.contains(HttpHeader.EXPECT)) {
      return request;
    }
    return new WithoutExpect(
        request, HttpFields.build(headers).remove(HttpHeader.EXPECT).asImmutable());
  }

  @Override
  public HttpFields getHeaders() {
    return headers;
  }
}
