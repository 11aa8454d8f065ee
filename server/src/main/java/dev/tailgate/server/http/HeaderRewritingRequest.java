package dev.tailgate.server.http;

import dev.tailgate.config.model.HeaderAction;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Request;

/**
 * The request as handlers see it after {@code RequestHeader} actions: rewritten once, read many
 * times.
 */
final class HeaderRewritingRequest extends Request.Wrapper {
  private final HttpFields headers;

  HeaderRewritingRequest(Request request, List<HeaderAction> actions) {
    super(request);
    HttpFields.Mutable copy = HttpFields.build(request.getHeaders());
    HeaderActions.apply(actions, copy);
    this.headers = copy.asImmutable();
  }

  @Override
  public HttpFields getHeaders() {
    return headers;
  }
}
