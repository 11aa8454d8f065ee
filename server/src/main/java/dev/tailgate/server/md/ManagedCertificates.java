package dev.tailgate.server.md;

import dev.tailgate.certs.CertRegistry;
import dev.tailgate.certs.events.CertEventListener;
import dev.tailgate.certs.events.EventCommands;
import dev.tailgate.certs.managed.CertManager;
import dev.tailgate.certs.managed.DomainStatus;
import dev.tailgate.certs.managed.TailscaleCertificateSource;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The managed-certificates feature of a running server: a {@link CertManager} over tailscaled's
 * sockets, and the events wired to {@code MDMessageCmd}/{@code MDNotifyCmd}. Rebuilt on reload; the
 * new manager serves the stored certificates at once, so a reload leaves no gap.
 */
public final class ManagedCertificates implements AutoCloseable {
  private static final long COMMAND_TIMEOUT_MILLIS = 30_000;

  private final MdConfig config;
  private final CertManager manager;
  private final List<AutoCloseable> resources = new ArrayList<>();

  private ManagedCertificates(MdConfig config, CertRegistry registry, Clock clock) throws LocalApiException {
    this.config = config;
    Map<Path, LocalApiClient> clients = new HashMap<>();
    for (var domain : config.domains()) {
      if (!clients.containsKey(domain.socket())) {
        LocalApiClient client = LocalApiClient.builder().socket(domain.socket()).clock(clock).build();
        clients.put(domain.socket(), client);
        resources.add(client);
      }
    }
    EventCommands commands =
        new EventCommands(config.settings().messageCmd(), config.settings().notifyCmd(), COMMAND_TIMEOUT_MILLIS);
    resources.add(commands);
    CertEventListener listener = commands;
    this.manager =
        new CertManager(config.domains(), config.settings(),
            domain -> new TailscaleCertificateSource(clients.get(domain.socket())), registry, listener, clock);
  }

  /** Starts managing: stored certificates (or stand-ins) are served before this returns. */
  public static ManagedCertificates start(MdConfig config, CertRegistry registry, Clock clock) throws LocalApiException {
    ManagedCertificates managed = new ManagedCertificates(config, registry, clock);
    managed.manager.start();
    return managed;
  }

  public MdConfig config() {
    return config;
  }

  /** Checks {@code domain} now rather than at its scheduled time. */
  public void checkNow(String domain) {
    manager.checkNow(domain);
  }

  public List<DomainStatus> status() {
    return manager.status();
  }

  public Optional<DomainStatus> status(String domain) {
    return manager.status(domain);
  }

  @Override
  public void close() {
    manager.close();
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        // closing on the way out: nothing else to do
      }
    }
  }
}
