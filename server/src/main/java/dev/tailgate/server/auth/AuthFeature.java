package dev.tailgate.server.auth;

import dev.tailgate.auth.identity.IdentityResolver;
import dev.tailgate.localapi.LocalApiPool;
import dev.tailgate.server.http.AccessGate;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;

/**
 * tailscale authentication and authorization, ready to plug into the server: the access gate every
 * request passes and the {@code tailscale-auth} handler. Build it once per process: the settings
 * and rules of a configuration, reloaded or not, reach each request through its site.
 *
 * <p>{@code TailgateServer.builder(config)} assembles it; a server that wants its own gate says
 * {@code accessGate(gate, handlers)} instead.
 */
public final class AuthFeature implements AutoCloseable {
  /**
   * A local daemon answers whois in microseconds; this only bounds how long an outage holds a
   * request.
   */
  public static final Duration WHOIS_TIMEOUT = Duration.ofSeconds(5);

  private final Optional<LocalApiPool> ownPool;
  private final AccessGate gate;
  private final Map<String, Handler> handlers;

  private AuthFeature(LocalApiPool pool, Optional<LocalApiPool> ownPool) {
    this.ownPool = ownPool;
    LocalApiClients clients = new LocalApiClients(pool);
    IdentityResolver resolver = new IdentityResolver();
    this.gate = new TailscaleAccessGate(clients, resolver);
    this.handlers =
        Map.of(TailscaleAuthEndpoint.NAME, new TailscaleAuthEndpoint(clients, resolver));
  }

  /** Talks to tailscaled through the process's clients, which the caller owns and closes. */
  public static AuthFeature create(LocalApiPool pool) {
    return new AuthFeature(pool, Optional.empty());
  }

  /**
   * With clients of its own, whose whois calls wait at most {@code whoisTimeout} (tests of slow
   * daemons).
   */
  public static AuthFeature create(Duration whoisTimeout) {
    LocalApiPool pool = LocalApiPool.standard(Clock.systemUTC(), whoisTimeout);
    return new AuthFeature(pool, Optional.of(pool));
  }

  public AccessGate gate() {
    return gate;
  }

  /** What {@code SetHandler} can select: {@code tailscale-auth}. */
  public Map<String, Handler> handlers() {
    return handlers;
  }

  @Override
  public void close() {
    ownPool.ifPresent(LocalApiPool::close);
  }
}
