package dev.tailgate.server.md;

import dev.tailgate.certs.CertRegistry;
import dev.tailgate.certs.acme.AcmeIssuance;
import dev.tailgate.certs.events.EventCommands;
import dev.tailgate.certs.events.EventDispatch;
import dev.tailgate.certs.managed.CertManager;
import dev.tailgate.certs.managed.DomainStatus;
import dev.tailgate.certs.managed.Issuer;
import dev.tailgate.certs.managed.ManagedDomain;
import dev.tailgate.certs.managed.TailscaleCertificateSource;
import dev.tailgate.certs.ocsp.StapleBook;
import dev.tailgate.certs.ocsp.Stapler;
import dev.tailgate.certs.store.CertStore;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import dev.tailgate.localapi.LocalApiPool;
import dev.tailgate.server.md.config.MdConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The managed-certificates feature of a running server: a {@link CertManager} over tailscaled's
 * sockets and ACME CAs, and the events wired to {@code MDMessageCmd}/{@code MDNotifyCmd}. Rebuilt
 * on reload; the new manager serves the stored certificates at once, so a reload leaves no gap.
 */
public final class ManagedCertificates implements AutoCloseable {
  private static final long COMMAND_TIMEOUT_MILLIS = 30_000;

  private final MdConfig config;
  private final CertManager manager;
  private final Stapler stapler;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final Optional<ManagedDomain> auto;
  private final Map<Path, LocalApiClient> clients = new HashMap<>();
  private volatile String autoName;

  /** Every managed name to its domain: looked up on every request, so built once. */
  private final Map<String, String> domainByName = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * What every configuration's managed certificates share for the life of the process: the registry
   * handshakes read, the clock, tailscaled's clients, ACME's orders and the stapled OCSP answers,
   * so a reload's new manager takes over without a gap.
   */
  public record Shared(
      CertRegistry registry,
      Clock clock,
      LocalApiPool pool,
      AcmeIssuance acme,
      StapleBook staples) {}

  private ManagedCertificates(MdConfig config, Shared shared) throws LocalApiException {
    CertRegistry registry = shared.registry();
    Clock clock = shared.clock();
    AcmeIssuance acme = shared.acme();
    this.config = config;
    this.auto = config.domains().stream().filter(d -> d.name().equals(MdConfig.AUTO)).findFirst();
    for (var domain : config.domains()) {
      if (!domain.name().equals(MdConfig.AUTO)) {
        domain.names().forEach(name -> domainByName.putIfAbsent(name, domain.name()));
      }
    }
    for (var domain : config.domains()) {
      Optional<Path> socket = domain.tailscaleSocket();
      if (socket.isPresent() && !clients.containsKey(socket.get())) {
        // the process's client for that daemon, shared with identity lookups; the pool's owner
        // closes it
        clients.put(socket.get(), shared.pool().client(socket));
      }
    }
    EventCommands commands =
        new EventCommands(
            config.settings().messageCmd(), config.settings().notifyCmd(), COMMAND_TIMEOUT_MILLIS);
    resources.add(commands);
    EventDispatch events = new EventDispatch(commands);
    this.stapler =
        new Stapler(
            shared.staples(),
            new CertStore(config.settings().storeDir(), clock),
            config.settings().retryDelay(),
            events,
            clock);
    this.manager =
        new CertManager(
            config.domains().stream().filter(d -> !d.name().equals(MdConfig.AUTO)).toList(),
            config.settings(),
            domain ->
                domain.issuer() instanceof Issuer.Tailscale tailscale
                    ? new TailscaleCertificateSource(clients.get(tailscale.socket()))
                    : acme.source(domain, config.settings().storeDir(), clock),
            registry,
            events,
            clock,
            (domain, pair) -> {
              if (config.stapling(domain)) {
                stapler.served(domain, pair);
              }
            });
  }

  /** Starts managing: stored certificates (or stand-ins) are served before this returns. */
  public static ManagedCertificates start(MdConfig config, Shared shared) throws LocalApiException {
    ManagedCertificates managed = new ManagedCertificates(config, shared);
    managed.manager.start();
    managed.auto.ifPresent(
        domain -> {
          AutoNaming naming =
              new AutoNaming(
                  managed.clients.get(domain.tailscaleSocket().orElseThrow()),
                  config.settings().retryDelay(),
                  name -> {
                    managed.autoName = name;
                    managed.domainByName.putIfAbsent(name, name);
                    managed.manager.add(domain.named(name));
                  });
          managed.resources.add(naming);
          naming.start();
        });
    return managed;
  }

  /**
   * The managed domain a virtual host serves: its ServerName when that is managed; for a host
   * without a ServerName, the name {@code MDomain auto} learned from tailscaled.
   */
  public Optional<String> domainFor(Optional<String> serverName) {
    if (serverName.isPresent()) {
      String name = serverName.get().toLowerCase(java.util.Locale.ROOT);
      // any of a domain's names (www.example.org in <MDomain example.org www.example.org>)
      return Optional.ofNullable(domainByName.get(name));
    }
    return Optional.ofNullable(autoName);
  }

  /**
   * {@code MDRequireHttps} for a managed domain (an auto domain's setting applies to its learned
   * name).
   */
  public MdConfig.RequireHttps requireHttps(String domain) {
    MdConfig.RequireHttps own = config.requireHttps().get(domain);
    if (own != null) {
      return own;
    }
    return domain.equals(autoName)
        ? config.requireHttps().getOrDefault(MdConfig.AUTO, MdConfig.RequireHttps.OFF)
        : MdConfig.RequireHttps.OFF;
  }

  public MdConfig config() {
    return config;
  }

  /** Checks {@code domain} now rather than at its scheduled time. */
  public void checkNow(String domain) {
    manager.checkNow(domain);
  }

  public List<DomainStatus> status() {
    return manager.status().stream().map(this::withStapling).toList();
  }

  public Optional<DomainStatus> status(String domain) {
    return manager.status(domain).map(this::withStapling);
  }

  private DomainStatus withStapling(DomainStatus status) {
    return status.withStapling(stapler.status(status.name()));
  }

  @Override
  public void close() {
    manager.close();
    stapler.close();
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        // closing on the way out: nothing else to do
      }
    }
  }
}
