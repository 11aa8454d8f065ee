package dev.tailgate.cli.doctor;

import dev.tailgate.certs.acme.AcmeAccounts;
import dev.tailgate.certs.acme.CaProbe;
import dev.tailgate.certs.managed.Issuer;
import dev.tailgate.certs.managed.ManagedDomain;
import dev.tailgate.certs.store.CertStore;
import dev.tailgate.config.model.Listener;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.localapi.cert.CertPair;
import dev.tailgate.localapi.model.Status;
import dev.tailgate.server.md.config.MdConfig;
import dev.tailgate.server.runtime.TlsEngine;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The configuration half of {@code tailgate doctor}: the managed names against what tailscaled can
 * issue, the listen ports, the certificate store's ownership and modes, and the stored
 * certificates' expiry, and which TLS engine the HTTPS listeners will get.
 */
public final class ConfigChecks {
  private final TailgateConfig config;
  private final Optional<Status> tailscaled;
  private final Clock clock;

  public ConfigChecks(TailgateConfig config, Optional<Status> tailscaled, Clock clock) {
    this.config = config;
    this.tailscaled = tailscaled;
    this.clock = clock;
  }

  public List<Finding> run() {
    List<Finding> findings = new ArrayList<>();
    MdConfig md = MdConfig.of(config);
    findings.addAll(names(md));
    findings.addAll(acme(md));
    config.listeners().forEach(listener -> findings.add(port(listener)));
    if (config.listeners().stream().anyMatch(l -> l.protocol() == Listener.Protocol.HTTPS)) {
      findings.add(Finding.ok("TLS engine", TlsEngine.of(config).describe()));
    }
    if (!md.isEmpty()) {
      findings.add(store(md.settings().storeDir()));
      CertStore store = new CertStore(md.settings().storeDir(), clock);
      md.domains().stream()
          .filter(d -> !d.name().equals(MdConfig.AUTO))
          .forEach(d -> findings.add(expiry(store, d)));
    }
    return findings;
  }

  /**
   * Each ACME CA once (reachable, terms, external account, profile) and each ACME domain's
   * challenge ports: a public CA connects to port 80 for http-01 and 443 for tls-alpn-01.
   */
  private List<Finding> acme(MdConfig md) {
    List<Finding> findings = new ArrayList<>();
    AcmeAccounts accounts = new AcmeAccounts(md.settings().storeDir());
    Map<URI, Issuer.Acme> cas = new LinkedHashMap<>();
    for (ManagedDomain domain : md.domains()) {
      if (domain.issuer() instanceof Issuer.Acme acme) {
        cas.putIfAbsent(acme.directory(), acme);
        findings.add(challengePorts(domain, acme));
      }
    }
    for (Issuer.Acme acme : cas.values()) {
      String check = "ACME CA " + acme.directory();
      CaProbe probe;
      try {
        probe = CaProbe.of(acme, accounts);
      } catch (IOException e) {
        findings.add(
            Finding.problem(
                check,
                "cannot reach it: " + e.getMessage(),
                "check the URL, this machine's outbound HTTPS and, for a private CA,"
                    + " MDCACertificateFile"));
        continue;
      }
      if (probe.terms().isPresent() && !acme.agreementAccepted() && probe.account().isEmpty()) {
        findings.add(
            Finding.problem(
                check,
                "its terms of service (" + probe.terms().get() + ") are not accepted",
                "read them, then write MDCertificateAgreement accepted"));
      } else if (probe.externalAccountRequired()
          && acme.binding().isEmpty()
          && probe.account().isEmpty()) {
        findings.add(
            Finding.problem(
                check,
                "it requires an external account binding",
                "write MDExternalAccountBinding <key-id> <hmac-key> from the CA's console"));
      } else if (acme.profile().isPresent() && !probe.profiles().contains(acme.profile().get())) {
        findings.add(
            Finding.problem(
                check,
                "it does not offer the profile "
                    + acme.profile().get()
                    + (probe.profiles().isEmpty() ? "" : " (it offers " + probe.profiles() + ")"),
                "write MDProfile with one it offers, or remove the line"));
      } else {
        findings.add(
            Finding.ok(
                check,
                "reachable"
                    + (probe.renewalInformation() ? ", offers renewal information" : "")
                    + "; account "
                    + probe.account().orElse("none yet (created on first order)")));
      }
    }
    return findings;
  }

  private Finding challengePorts(ManagedDomain domain, Issuer.Acme acme) {
    String check = "ACME challenges for " + domain.name();
    boolean port80 =
        config.listeners().stream()
            .anyMatch(l -> l.port() == 80 && l.protocol() == Listener.Protocol.HTTP);
    boolean port443 =
        config.listeners().stream()
            .anyMatch(l -> l.port() == 443 && l.protocol() == Listener.Protocol.HTTPS);
    List<String> usable = new ArrayList<>();
    if (acme.challenges().contains(Issuer.Acme.HTTP_01) && port80) {
      usable.add("http-01 on port 80");
    }
    if (acme.challenges().contains(Issuer.Acme.TLS_ALPN_01) && port443) {
      usable.add("tls-alpn-01 on port 443");
    }
    return usable.isEmpty()
        ? Finding.problem(
            check,
            "a public CA validates on port 80 (http-01) or 443 (tls-alpn-01), and "
                + acme.challenges()
                + " are not answered there",
            "add Listen 80, or Listen 443 https, and let the CA reach it")
        : Finding.ok(check, String.join(", ", usable));
  }

  private List<Finding> names(MdConfig md) {
    List<Finding> findings = new ArrayList<>();
    for (ManagedDomain domain : md.domains()) {
      String check = "managed name " + domain.name();
      if (domain.tailscaleSocket().isEmpty()) {
        findings.add(Finding.ok(check, "from the ACME CA " + domain.issuer().location()));
      } else if (tailscaled.isEmpty() || !tailscaled.get().isRunning()) {
        findings.add(Finding.skipped(check, "tailscaled's certificate domains are unknown"));
      } else if (domain.name().equals(MdConfig.AUTO)) {
        findings.add(
            tailscaled.get().certDomains().isEmpty()
                ? Finding.problem(check, "tailscaled has no name to give", "see HTTPS certificates")
                : Finding.ok(check, "will be " + tailscaled.get().certDomains().get(0)));
      } else if (tailscaled.get().certDomains().contains(domain.name())) {
        findings.add(Finding.ok(check, "tailscaled can issue for it"));
      } else {
        findings.add(
            Finding.problem(
                check,
                "not among tailscaled's certificate domains ("
                    + String.join(", ", tailscaled.get().certDomains())
                    + ")",
                "write <MDomain auto> or one of tailscaled's names in "
                    + md.declaredAt().getOrDefault(domain.name(), "the configuration")));
      }
    }
    return findings;
  }

  private static Finding port(Listener listener) {
    InetAddress address = listener.address().orElse(null);
    String check =
        "listen " + (address == null ? "*" : address.getHostAddress()) + ":" + listener.port();
    try (ServerSocket socket = new ServerSocket()) {
      socket.bind(new InetSocketAddress(address, listener.port()));
      return Finding.ok(check, "free, and this user may bind it");
    } catch (BindException e) {
      String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
      if (message.contains("permission")) {
        return Finding.problem(
            check,
            "this user may not bind a port below 1024",
            "fine when tailgate runs from the package's tailgate.service, which grants"
                + " CAP_NET_BIND_SERVICE; elsewhere run it with that capability or listen on a port"
                + " above 1023");
      }
      return Finding.problem(
          check,
          "in use: " + e.getMessage(),
          "if tailgate is running (`systemctl status tailgate`), it is this port's owner and all"
              + " is well; otherwise find the process with `sudo ss -ltnp 'sport = :"
              + listener.port()
              + "'`");
    } catch (IOException e) {
      return Finding.problem(check, e.getMessage(), "check the Listen line at " + listener.at());
    }
  }

  private static Finding store(Path dir) {
    String check = "store " + dir;
    if (!Files.exists(dir)) {
      Path parent = dir.toAbsolutePath().getParent();
      return parent != null && Files.isWritable(parent)
          ? Finding.ok(check, "does not exist yet; tailgate creates it (mode 700)")
          : Finding.problem(
              check,
              "does not exist, and " + parent + " is not writable for this user",
              "`sudo install -d -m 700 -o $USER "
                  + dir
                  + "` (the package creates /var/lib/tailgate)");
    }
    try {
      String owner = Files.getOwner(dir).getName();
      String user = System.getProperty("user.name");
      if (!owner.equals(user)) {
        return Finding.problem(
            check,
            "owned by " + owner + ", not by " + user + " who runs tailgate",
            "`sudo chown -R " + user + ": " + dir + "`");
      }
      Set<PosixFilePermission> modes = Files.getPosixFilePermissions(dir);
      if (modes.contains(PosixFilePermission.GROUP_WRITE)
          || modes.contains(PosixFilePermission.OTHERS_WRITE)) {
        return Finding.problem(
            check,
            "writable by others (" + PosixFilePermissions.toString(modes) + ")",
            "`chmod 700 " + dir + "`");
      }
      List<Path> exposedKeys = exposedKeys(dir);
      if (!exposedKeys.isEmpty()) {
        return Finding.problem(
            check,
            "private keys readable by others: " + exposedKeys,
            "`chmod 600` them (tailgate writes keys 0600)");
      }
      return Finding.ok(check, "owned by " + owner + ", " + PosixFilePermissions.toString(modes));
    } catch (IOException e) {
      return Finding.problem(check, "cannot inspect: " + e.getMessage(), "check its permissions");
    }
  }

  private static List<Path> exposedKeys(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> exposed = new ArrayList<>();
      for (Path file :
          files.filter(f -> f.getFileName().toString().equals("privkey.pem")).toList()) {
        Set<PosixFilePermission> modes = Files.getPosixFilePermissions(file);
        if (modes.contains(PosixFilePermission.GROUP_READ)
            || modes.contains(PosixFilePermission.OTHERS_READ)) {
          exposed.add(file);
        }
      }
      return exposed;
    }
  }

  private Finding expiry(CertStore store, ManagedDomain domain) {
    String check = "certificate " + domain.name();
    Optional<CertPair> stored = store.peek(domain.name());
    if (stored.isEmpty()) {
      return Finding.ok(check, "none stored yet; tailgate fetches one when it starts");
    }
    Instant notAfter = stored.get().notAfter();
    Duration left = Duration.between(clock.instant(), notAfter);
    if (left.isNegative()) {
      return Finding.problem(
          check,
          "the stored certificate expired at " + notAfter,
          "start tailgate (it renews at once) and read its error log if it does not;"
              + " `tailgate certs -c FILE` shows what tailscaled says");
    }
    return Finding.ok(check, "valid until " + notAfter + " (" + left.toDays() + " days left)");
  }
}
