package dev.tailgate.server.http;

import dev.tailgate.config.model.HeaderAction;
import dev.tailgate.config.model.ProxyReverseRule;
import java.nio.ByteBuffer;
import java.util.List;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Applies {@code Header} actions and {@code ProxyPassReverse} rewrites just before the response
 * commits: on the first write, or on completion for responses with no body (304, 204). Doing it at
 * commit time means it works for every handler behind us, the proxy included, without buffering.
 */
final class HeaderRewritingResponse extends Response.Wrapper {
  private static final String[] REVERSE_HEADERS = {"Location", "Content-Location", "URI"};

  private final List<HeaderAction> actions;
  private final List<ProxyReverseRule> reverseRules;
  private final String frontOrigin;
  private boolean applied;

  HeaderRewritingResponse(
      Request request,
      Response response,
      List<HeaderAction> actions,
      List<ProxyReverseRule> reverseRules) {
    super(request, response);
    this.actions = actions;
    this.reverseRules = reverseRules;
    this.frontOrigin =
        request.getHttpURI().getScheme() + "://" + request.getHttpURI().getAuthority();
  }

  static boolean needed(List<HeaderAction> actions, List<ProxyReverseRule> reverseRules) {
    return !actions.isEmpty() || !reverseRules.isEmpty();
  }

  @Override
  public void write(boolean last, ByteBuffer content, Callback callback) {
    applyOnce();
    super.write(last, content, callback);
  }

  /** Wraps the handler's callback so body-less responses get their headers too. */
  Callback completing(Callback callback) {
    return new Callback.Nested(callback) {
      @Override
      public void succeeded() {
        applyOnce();
        super.succeeded();
      }
    };
  }

  synchronized void applyOnce() {
    if (applied || isCommitted()) {
      return;
    }
    applied = true;
    for (String header : REVERSE_HEADERS) {
      String value = getHeaders().get(header);
      if (value != null) {
        String rewritten = reverse(value);
        if (!rewritten.equals(value)) {
          getHeaders().put(header, rewritten);
        }
      }
    }
    HeaderActions.apply(actions, getHeaders());
  }

  /**
   * The first rule whose backend URL prefixes the value maps it onto this host, as mod_proxy does.
   */
  private String reverse(String value) {
    for (ProxyReverseRule rule : reverseRules) {
      String backend = rule.backend().toString();
      if (value.startsWith(backend)) {
        String rest = value.substring(backend.length());
        String path = rule.path();
        if (path.endsWith("/") && rest.startsWith("/")) {
          rest = rest.substring(1);
        }
        return frontOrigin + path + rest;
      }
    }
    return value;
  }
}
