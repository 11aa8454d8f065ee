package dev.tailgate.server.http;

import java.util.Optional;
import org.eclipse.jetty.http.HttpException;

/**
 * Telling a client's malformed request apart from a backend that failed, for the status and the
 * log.
 */
final class ClientFailures {
  private ClientFailures() {}

  /**
   * The 4xx Jetty raised while reading the client's request, if that is what {@code failure} is.
   */
  static Optional<HttpException> badRequest(Throwable failure) {
    return Causes.chain(failure)
        .filter(HttpException.class::isInstance)
        .map(HttpException.class::cast)
        .filter(http -> http.getCode() >= 400 && http.getCode() < 500)
        .findFirst();
  }
}
