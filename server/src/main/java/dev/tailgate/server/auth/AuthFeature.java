package dev.tailgate.server.auth;

import dev.tailgate.auth.identity.IdentityResolver;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.server.config.model.TailgateConfig;
import dev.tailgate.server.http.AccessGate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;

/**
 * tailscale authentication and authorization, ready to plug into the server: the access gate every
 * request passes and the {@code tailscale-auth} handler. Build it once per process; after a reload
 * call {@link #reloaded} (per-vhost settings and rules follow the request's site by themselves).
 *
 * <pre>{@code
 * AuthFeature auth = AuthFeature.create(config);
 * Features features = Features.create(config, certs, clock, auth.gate(), auth.handlers());
 * TailgateServer.start(config, features, drain);
 * }</pre>
 */
public final class AuthFeature implements AutoCloseable {
  /** A local daemon answers whois in microseconds; this only bounds how long an outage holds a request. */
  static final Duration WHOIS_TIMEOUT = Duration.ofSeconds(5);

  private final LocalApiClients clients;
  private final SiteSettings sites;
  private final AccessGate gate;
  private final Map<String, Handler> handlers;

  private AuthFeature(TailgateConfig config, LocalApiClients.ClientFactory factory) {
    this.clients = new LocalApiClients(factory);
    this.sites = new SiteSettings(config);
    IdentityResolver resolver = new IdentityResolver();
    this.gate = new TailscaleAccessGate(new Policies(), sites, clients, resolver);
    this.handlers = Map.of(TailscaleAuthEndpoint.NAME, new TailscaleAuthEndpoint(sites, clients, resolver));
  }

  /** Talks to the tailscaled each vhost's {@code AuthTailscaleURL} names, or the one tailscale's CLI would find. */
  public static AuthFeature create(TailgateConfig config) {
    return new AuthFeature(config, AuthFeature::client);
  }

  /** With the clients' timeouts chosen by the caller (tests of slow daemons). */
  public static AuthFeature create(TailgateConfig config, Duration whoisTimeout) {
    return new AuthFeature(config, socket -> builder(socket).requestTimeout(whoisTimeout).build());
  }

  public AccessGate gate() {
    return gate;
  }

  /** What {@code SetHandler} can select: {@code tailscale-auth}. */
  public Map<String, Handler> handlers() {
    return handlers;
  }

  /** Takes the main server's {@code AuthTailscale…} settings of a newly loaded configuration. */
  public void reloaded(TailgateConfig config) {
    sites.reloaded(config);
  }

  @Override
  public void close() {
    clients.close();
  }

  private static LocalApiClient client(Optional<Path> socket) throws dev.tailgate.localapi.LocalApiException {
    return builder(socket).requestTimeout(WHOIS_TIMEOUT).build();
  }

  private static LocalApiClient.Builder builder(Optional<Path> socket) {
    LocalApiClient.Builder builder = LocalApiClient.builder().connectTimeout(Duration.ofSeconds(1));
    socket.ifPresent(builder::socket);
    return builder;
  }
}
