package dev.tailgate.server.auth;

import dev.tailgate.server.http.ErrorPages;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The pages a refused request gets. A 401 carries no {@code WWW-Authenticate}: there is nothing a
 * browser could send, the identity is the connection's (httpd's module did the same).
 */
final class AccessResponses {
  private AccessResponses() {}

  static void refused(Response response, Callback callback, int status) {
    ErrorPages.send(
        response,
        callback,
        status,
        status == 401
            ? "This page needs a tailnet user, and this connection does not come from one."
            : "Your tailnet identity is not allowed to see this page.");
  }

  static void tailscaledUnreachable(Response response, Callback callback) {
    ErrorPages.send(
        response,
        callback,
        503,
        "tailscaled is unreachable, so tailgate cannot tell who you are. Try again shortly; if it persists, the"
            + " server's administrator should check that tailscaled is running.");
  }

  static void misconfigured(Response response, Callback callback) {
    ErrorPages.send(
        response,
        callback,
        500,
        "The access rules of this page are incomplete; the server's error log says what to fix.");
  }
}
