package dev.tailgate.server.http;

import dev.tailgate.config.model.EffectiveLocation;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The per-location access check that runs before any handler: the seam where tailscale
 * authentication and authorization plug in. It may answer the request itself (401, 403, 503) or let
 * it through, possibly with an authenticated user; it must never block the calling thread.
 */
public interface AccessGate {

  /**
   * Request attribute: the authenticated user a gate let through, for {@code %u} and REMOTE_USER.
   */
  String USER_ATTRIBUTE = "dev.tailgate.user";

  /** Lets every request through: the behaviour of a location with no access rules. */
  AccessGate OPEN = (request, response, callback, location, next) -> next.proceed(request);

  /**
   * @param next called exactly once if the request may proceed (possibly later, from another
   *     thread, with a wrapped request carrying the user); if it is not called, the gate must have
   *     completed {@code callback}
   */
  void check(
      Request request,
      Response response,
      Callback callback,
      EffectiveLocation location,
      Continuation next);

  /** What happens after the gate lets a request through. */
  @FunctionalInterface
  interface Continuation {
    void proceed(Request request);
  }
}
