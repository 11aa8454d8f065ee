package dev.tailgate.server.auth;

import dev.tailgate.auth.identity.IdentityObserver;
import dev.tailgate.auth.identity.IdentityResolver;
import dev.tailgate.localapi.LocalApiPool;
import dev.tailgate.server.http.AccessGate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.io.Connection;
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
  private final IdentityResolver resolver;
  private final RecentDenials denials = new RecentDenials();
  private final Connection.Listener closedConnections;

  private AuthFeature(LocalApiPool pool, IdentityObserver observer) {
    IdentityResolver resolver = new IdentityResolver(System::nanoTime, observer);
    this.clients = new LocalApiClients(pool, resolver);
    this.resolver = resolver;
    this.closedConnections = new ClosedConnections(resolver);
    this.gate = new TailscaleAccessGate(clients, resolver, denials);
    this.handlers =
        Map.of(TailscaleAuthEndpoint.NAME, new TailscaleAuthEndpoint(clients, resolver));
  }

  /** Talks to tailscaled through the process's clients, which the caller owns and closes. */
  public static AuthFeature create(LocalApiPool pool) {
    return new AuthFeature(pool, IdentityObserver.NONE);
  }

  /** The same, telling {@code observer} how identities were looked up (metrics). */
  public static AuthFeature create(LocalApiPool pool, IdentityObserver observer) {
    return new AuthFeature(pool, observer);
  }

  public AccessGate gate() {
    return gate;
  }

  /**
   * For every connector: tells the identity caches when a client connection closes, so answers kept
   * for that connection alone go with it.
   */
  public Connection.Listener connectionListener() {
    return closedConnections;
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

  /** The last requests the access rules refused, newest first. */
  public List<RecentDenials.Denial> recentDenials() {
    return denials.list();
  }

  /** How many peers the identity caches hold now. */
  public long cachedPeers() {
    return resolver.cachedPeers();
  }

  /** Stops watching tailscaled; before the pool it talks through closes. */
  @Override
  public void close() {
    clients.close();
  }
}
