package dev.tailgate.server.http;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.core.exception.UpgradeException;

/**
 * The 502 and 504 pages for a backend that failed us. They name the backend as {@code
 * scheme://host:port}, port included even when it is the default, because the person reading the
 * page is usually the one who has to go and look at that process.
 */
public final class BackendFailurePage {
  /** Set on a request whose backend failed, so that metrics count it apart from other 502s. */
  public static final String FAILED_ATTRIBUTE = "tailgate.backendFailed";

  private BackendFailurePage() {}

  static void send(Response response, Callback callback, ProxyTarget target, Throwable failure) {
    response.getRequest().setAttribute(FAILED_ATTRIBUTE, Boolean.TRUE);
    String backend = origin(target.uri());
    if (isTimeout(failure)) {
      ErrorPages.send(
          response,
          callback,
          504,
          "The backend "
              + backend
              + " did not answer within "
              + target.timeout().toSeconds()
              + " seconds (ProxyTimeout).");
    } else if (failure instanceof UpgradeException upgrade && upgrade.getResponseStatusCode() > 0) {
      ErrorPages.send(
          response,
          callback,
          502,
          "The backend "
              + backend
              + " refused the WebSocket upgrade with status "
              + upgrade.getResponseStatusCode()
              + ".");
    } else {
      ErrorPages.send(
          response, callback, 502, "The backend " + backend + " " + describe(failure) + ".");
    }
  }

  static boolean isTimeout(Throwable failure) {
    return Causes.chain(failure).anyMatch(TimeoutException.class::isInstance);
  }

  static String origin(String uri) {
    try {
      URI parsed = URI.create(uri);
      int port = parsed.getPort();
      if (port < 0) {
        port = "https".equalsIgnoreCase(parsed.getScheme()) ? 443 : 80;
      }
      return parsed.getScheme() + "://" + parsed.getHost() + ":" + port;
    } catch (IllegalArgumentException | NullPointerException e) {
      return uri;
    }
  }

  /**
   * What went wrong in words that carry no exception text (the page goes to any client; the error
   * log has the exception).
   */
  private static String describe(Throwable failure) {
    return Causes.chain(failure)
        .map(BackendFailurePage::phrase)
        .flatMap(Optional::stream)
        .findFirst()
        .orElse("could not be reached or broke off the exchange");
  }

  private static Optional<String> phrase(Throwable cause) {
    if (cause instanceof ConnectException) {
      return Optional.of("refused the connection");
    }
    if (cause instanceof UnknownHostException) {
      return Optional.of("has a name that does not resolve");
    }
    if (cause instanceof SSLException) {
      return Optional.of("failed the TLS handshake");
    }
    return Optional.empty();
  }
}
