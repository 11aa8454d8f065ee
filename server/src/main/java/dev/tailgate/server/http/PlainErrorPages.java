package dev.tailgate.server.http;

import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page for every error Jetty itself answers (a malformed request, a failure in a handler):
 * tailgate's page with the status alone. Jetty's default page prints the exception's message
 * ({@code Bad Authority}, a parser's complaint), which tells a client about tailgate's insides; the
 * error log has the details instead.
 */
public final class PlainErrorPages implements Request.Handler {
  private static final Logger LOG = LoggerFactory.getLogger(PlainErrorPages.class);

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    int status =
        request.getAttribute(ErrorHandler.ERROR_STATUS) instanceof Integer code
            ? code
            : response.getStatus();
    if (status < 400) {
      // Jetty sends some plain statuses this way too (a 304 from the file handler): no page for
      // those
      response.setStatus(status);
      callback.succeeded();
      return true;
    }
    if (status > 599) {
      status = HttpStatus.INTERNAL_SERVER_ERROR_500;
    }
    if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof Throwable failure) {
      if (status >= 500) {
        LOG.warn(
            "{} for {} {}",
            status,
            request.getMethod(),
            request.getHttpURI().getPathQuery(),
            failure);
      } else {
        LOG.info(
            "{} for {} {}: {}",
            status,
            request.getMethod(),
            request.getHttpURI().getPathQuery(),
            failure.toString());
      }
    }
    ErrorPages.send(
        response,
        callback,
        status,
        status < 500
            ? "tailgate could not accept this request as sent."
            : "tailgate could not complete this request; the server's error log says why.");
    return true;
  }
}
