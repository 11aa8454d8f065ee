package dev.tailgate.server.auth;

import dev.tailgate.auth.identity.IdentityResolver;
import dev.tailgate.localapi.LocalApiPool;
import dev.tailgate.server.http.AccessGate;
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

  private final AccessGate gate;
  private final Map<String, Handler> handlers;
  private final LocalApiClients clients;

  private AuthFeature(LocalApiPool pool) {
    IdentityResolver resolver = new IdentityResolver();
    this.clients = new LocalApiClients(pool, resolver);
    this.gate = new TailscaleAccessGate(clients, resolver);
    this.handlers =
        Map.of(TailscaleAuthEndpoint.NAME, new TailscaleAuthEndpoint(clients, resolver));
  }

  /** Talks to tailscaled through the process's clients, which the caller owns and closes. */
  public static AuthFeature create(LocalApiPool pool) {
    return new AuthFeature(pool);
  }

  public AccessGate gate() {
    return gate;
  }

  /** What {@code SetHandler} can select: {@code tailscale-auth}. */
  public Map<String, Handler> handlers() {
    return handlers;
  }

  /**
   * Whether tailscaled's change notifications are arriving (every watched tailscaled's); empty
   * before the first identity lookup, which starts the watch.
   */
  public Optional<Boolean> changesArrive() {
    return clients.watchesLive();
  }

  /** Stops watching tailscaled; before the pool it talks through closes. */
  @Override
  public void close() {
    clients.close();
  }
}
