package dev.tailgate.server.runtime;

import dev.tailgate.certs.CertOwner;
import dev.tailgate.certs.CertRegistry;
import dev.tailgate.certs.StaticCertificates;
import dev.tailgate.config.model.HostConfig;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.model.TlsSettings;
import dev.tailgate.config.model.VirtualHost;
import dev.tailgate.localapi.cert.CertPair;
import dev.tailgate.localapi.cert.InvalidCertPairException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads the static certificates a configuration names and, only once all of them are good, installs
 * them in the registry. Owners are keyed by the certificate files, so two hosts sharing files share
 * one entry and a reload that changes nothing changes nothing.
 */
final class CertificateInstaller {
  private final CertRegistry registry;
  private final Clock clock;

  CertificateInstaller(CertRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * The registry owner of a TLS host's certificate files (hosts naming the same files share it).
   */
  static CertOwner owner(TlsSettings tls) {
    Path cert = tls.certificateFile().orElseThrow();
    return new CertOwner.Files(cert, tls.certificateKeyFile().orElse(cert));
  }

  /** Reads and checks every certificate; throws before touching the registry if any is bad. */
  Map<CertOwner, Loaded> load(TailgateConfig config) throws StartupException {
    Map<CertOwner, Loaded> loaded = new LinkedHashMap<>();
    for (VirtualHost vhost : hosts(config)) {
      TlsSettings tls = vhost.host().tls();
      if (!tls.engine() || tls.certificateFile().isEmpty()) {
        continue;
      }
      CertOwner owner = owner(tls);
      Path cert = tls.certificateFile().get();
      try {
        CertPair pair =
            loaded.containsKey(owner)
                ? loaded.get(owner).pair()
                : StaticCertificates.load(
                    cert, tls.certificateKeyFile().orElse(cert), clock.instant());
        List<String> names =
            new ArrayList<>(loaded.containsKey(owner) ? loaded.get(owner).names() : List.of());
        names.addAll(names(vhost.host()));
        loaded.put(owner, new Loaded(pair, names));
      } catch (InvalidCertPairException e) {
        throw new StartupException(vhost.at() + ": " + vhost.describe() + ": " + e.getMessage(), e);
      }
    }
    return loaded;
  }

  /** Swaps the loaded certificates in and retires owners no host uses any more. */
  void install(Map<CertOwner, Loaded> loaded) {
    loaded.forEach((owner, l) -> registry.install(owner, l.names(), l.pair()));
    Set<CertOwner> current =
        registry.all().stream().map(c -> c.owner()).collect(Collectors.toSet());
    current.stream()
        .filter(o -> o instanceof CertOwner.Files && !loaded.containsKey(o))
        .forEach(registry::remove);
  }

  private static List<String> names(HostConfig host) {
    List<String> names = new ArrayList<>();
    host.serverName().ifPresent(names::add);
    names.addAll(host.serverAliases());
    return names;
  }

  private static List<VirtualHost> hosts(TailgateConfig config) {
    List<VirtualHost> all = new ArrayList<>(config.virtualHosts());
    all.add(config.mainServer());
    return all;
  }

  record Loaded(CertPair pair, List<String> names) {}
}
