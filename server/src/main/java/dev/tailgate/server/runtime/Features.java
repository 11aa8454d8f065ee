package dev.tailgate.server.runtime;

import dev.tailgate.certs.CertRegistry;
import dev.tailgate.certs.acme.AcmeIssuance;
import dev.tailgate.certs.acme.ChallengeResponses;
import dev.tailgate.certs.managed.DomainStatus;
import dev.tailgate.config.model.HostConfig;
import dev.tailgate.config.model.Listener;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.model.VirtualHost;
import dev.tailgate.localapi.LocalApiException;
import dev.tailgate.localapi.LocalApiPool;
import dev.tailgate.server.auth.AuthFeature;
import dev.tailgate.server.http.AccessGate;
import dev.tailgate.server.http.NamedHandlers;
import dev.tailgate.server.md.ManagedCertificates;
import dev.tailgate.server.md.ManagedDomainGate;
import dev.tailgate.server.md.MdStatusHandler;
import dev.tailgate.server.md.config.MdConfig;
import dev.tailgate.server.metrics.MetricsHandler;
import dev.tailgate.server.metrics.TailgateMetrics;
import dev.tailgate.server.status.ServerStatus;
import dev.tailgate.server.status.ServerStatusHandler;
import dev.tailgate.server.status.StatusPage;
import dev.tailgate.server.tls.StaplingResponder;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.Handler;

/**
 * The features that sit around the front door: managed certificates (and their status handler and
 * gate) and the access gate of authentication. Built from a configuration and rebuilt on reload,
 * while the gate and handlers the front door holds stay the same objects and read the current
 * state.
 */
public final class Features implements AutoCloseable {
  private final CertRegistry registry;
  private final Clock clock;
  private final AtomicReference<Optional<ManagedCertificates>> managed =
      new AtomicReference<>(Optional.empty());
  private final AccessGate gate;
  private final NamedHandlers handlers;
  private final TailgateMetrics metrics;
  private final AtomicReference<TailgateConfig> current = new AtomicReference<>();

  /**
   * The process's one LocalAPI client per tailscaled socket, shared by identity and certificates.
   */
  private final LocalApiPool tailscaled;

  /**
   * ACME's threads, accounts, answers and orders: one for the process, so a reload mid-order
   * neither withdraws the CA's answers nor orders twice.
   */
  private final AcmeIssuance acme;

  /**
   * The loopback OCSP responder the JDK's TLS engine staples from, and the answers it serves: one
   * for the process, so answers survive reloads.
   */
  private final StaplingResponder stapling;

  /** The domains the last applied configuration staples for. */
  private Set<String> stapledDomains = Set.of();

  /** tailscale authentication, unless the builder was given a gate of its own. */
  private final Optional<AuthFeature> auth;

  private Features(
      CertRegistry registry,
      Clock clock,
      LocalApiPool tailscaled,
      Optional<AuthFeature> auth,
      TailgateMetrics metrics,
      AccessGate authGate,
      Map<String, Handler> authHandlers) {
    this.registry = registry;
    this.acme = new AcmeIssuance(registry);
    this.stapling = new StaplingResponder(clock);
    this.clock = clock;
    this.tailscaled = tailscaled;
    this.auth = auth;
    this.metrics = metrics;
    this.gate = new ManagedDomainGate(managed::get, registry, authGate);
    Map<String, Handler> all = new HashMap<>(authHandlers);
    all.put(
        MdStatusHandler.NAME,
        new MdStatusHandler(
            this::domains, domains -> StatusPage.renderCertificates(status(domains))));
    all.put(ServerStatusHandler.NAME, new ServerStatusHandler(() -> status(domains())));
    all.put(MetricsHandler.NAME, new MetricsHandler(metrics));
    metrics.certificates(this::domains);
    metrics.watch(() -> auth.flatMap(AuthFeature::changesArrive));
    this.handlers = new NamedHandlers(all);
  }

  /**
   * What {@link TailgateServer.Builder} assembles: managed certificates and tailscale
   * authentication on one pool of tailscaled clients, or, when {@code gate} is given, that gate and
   * its handlers in place of tailscale authentication.
   */
  static Features create(
      TailgateConfig config,
      CertRegistry registry,
      Clock clock,
      Duration whoisTimeout,
      Optional<AccessGate> gate,
      Map<String, Handler> handlers)
      throws StartupException {
    LocalApiPool tailscaled = LocalApiPool.standard(clock, whoisTimeout);
    TailgateMetrics metrics = new TailgateMetrics();
    Optional<AuthFeature> auth =
        gate.isPresent() ? Optional.empty() : Optional.of(AuthFeature.create(tailscaled, metrics));
    Features features =
        new Features(
            registry,
            clock,
            tailscaled,
            auth,
            metrics,
            gate.orElseGet(() -> auth.get().gate()),
            auth.map(AuthFeature::handlers).orElse(handlers));
    try {
      features.apply(config);
    } catch (StartupException e) {
      features.close();
      throw e;
    }
    return features;
  }

  /** OCSP stapling's loopback responder: running once a configuration had {@code MDStapling on}. */
  public StaplingResponder stapling() {
    return stapling;
  }

  public ChallengeResponses challenges() {
    return acme.challenges();
  }

  public CertRegistry registry() {
    return registry;
  }

  public AccessGate gate() {
    return gate;
  }

  /**
   * What every connector tells when it opens and closes a connection: tailscale authentication's
   * caches, which drop a connection's answer with it.
   */
  public List<Connection.Listener> connectionListeners() {
    return auth.map(AuthFeature::connectionListener).stream().toList();
  }

  public NamedHandlers handlers() {
    return handlers;
  }

  public Optional<ManagedCertificates> managedCertificates() {
    return managed.get();
  }

  private List<DomainStatus> domains() {
    return managed.get().map(ManagedCertificates::status).orElse(List.of());
  }

  /** The status page's facts, with {@code domains} as its certificates. */
  private ServerStatus status(List<DomainStatus> domains) {
    TailgateConfig config = current.get();
    return new ServerStatus(
        clock.instant(),
        domains,
        auth.isPresent(),
        auth.flatMap(AuthFeature::changesArrive),
        auth.map(AuthFeature::cachedPeers).orElse(0L),
        auth.map(AuthFeature::recentDenials).orElse(List.of()),
        config == null ? List.of() : config.listeners().stream().map(Features::describe).toList(),
        config == null
            ? List.of()
            : config.virtualHosts().stream().map(Features::describe).toList());
  }

  /** Whether any host or location of {@code config} says {@code SetHandler name}. */
  private static boolean servesHandler(TailgateConfig config, String name) {
    return Stream.concat(Stream.of(config.mainServer()), config.virtualHosts().stream())
        .map(VirtualHost::host)
        .anyMatch(
            host ->
                host.base().handler().filter(name::equalsIgnoreCase).isPresent()
                    || host.locations().stream()
                        .anyMatch(
                            l ->
                                l.settings().handler().filter(name::equalsIgnoreCase).isPresent()));
  }

  private static String describe(Listener listener) {
    return listener.address().map(InetAddress::getHostAddress).orElse("*")
        + ":"
        + listener.port()
        + " "
        + listener.protocol().name().toLowerCase(Locale.ROOT);
  }

  private static String describe(VirtualHost vhost) {
    HostConfig host = vhost.host();
    return host.serverName().orElse("(no ServerName)")
        + (host.serverAliases().isEmpty()
            ? ""
            : " (" + String.join(", ", host.serverAliases()) + ")")
        + " on "
        + vhost.addresses().stream().map(Object::toString).collect(Collectors.joining(" "))
        + (host.tls().engine() ? ", TLS" : "");
  }

  /** The server's Prometheus instruments ({@code SetHandler metrics} serves them). */
  public TailgateMetrics metrics() {
    return metrics;
  }

  /** tailscale authentication, when this server uses it. */
  public Optional<AuthFeature> auth() {
    return auth;
  }

  /**
   * Switches to {@code config}'s managed domains; the new manager serves stored certificates at
   * once.
   *
   * @return whether the HTTPS listeners need new TLS contexts: the JDK reads its stapling settings
   *     and keeps stapled answers (up to a minute) per context, so stapling switched on for the
   *     first time, or off for a domain, takes effect only in contexts made after it
   */
  public synchronized boolean apply(TailgateConfig config) throws StartupException {
    current.set(config);
    metrics.recording(servesHandler(config, MetricsHandler.NAME));
    MdConfig md = MdConfig.of(config);
    boolean renewTls = !stapledDomains.isEmpty() && !md.stapled().containsAll(stapledDomains);
    if (!md.stapled().isEmpty()) {
      try {
        renewTls |= stapling.start();
      } catch (IllegalStateException e) {
        throw new StartupException("cannot staple OCSP answers: " + e.getMessage(), e);
      }
    }
    Optional<ManagedCertificates> next = Optional.empty();
    if (!md.isEmpty()) {
      try {
        next =
            Optional.of(
                ManagedCertificates.start(
                    md,
                    new ManagedCertificates.Shared(
                        registry, clock, tailscaled, acme, stapling.book())));
      } catch (LocalApiException e) {
        throw new StartupException("cannot manage certificates: " + e.getMessage(), e);
      }
    }
    managed.getAndSet(next).ifPresent(ManagedCertificates::close);
    // a domain that no longer has MDStapling on (or is gone) stops being stapled now, not when its
    // last answer goes stale
    stapling.book().retain(md::stapling);
    stapledDomains = md.stapled();
    return renewTls;
  }

  @Override
  public void close() {
    managed.getAndSet(Optional.empty()).ifPresent(ManagedCertificates::close);
    acme.close();
    stapling.close();
    auth.ifPresent(AuthFeature::close);
    tailscaled.close();
  }
}
