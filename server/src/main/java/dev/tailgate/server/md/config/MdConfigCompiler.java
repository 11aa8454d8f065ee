package dev.tailgate.server.md.config;

import dev.tailgate.certs.managed.ManagedDomain;
import dev.tailgate.certs.managed.ManagerSettings;
import dev.tailgate.certs.managed.RenewWindow;
import dev.tailgate.config.model.ModuleValues;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.model.VirtualHost;
import dev.tailgate.config.syntax.ProblemCollector;
import dev.tailgate.server.tls.TlsProvider;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Compiles mod_md's directives into {@link MdConfig}, refusing at load what mod_md accepts and then
 * never completes: a tailscale MDomain with two names, an alias tailscaled cannot issue for, an
 * ACME CA URL leaking into a tailscale domain, a protocol name in the wrong case.
 */
public final class MdConfigCompiler {
  /**
   * tailscaled's socket when MDCertificateAuthority is omitted (mod_md's default for tailscale).
   */
  public static final Path DEFAULT_SOCKET = Path.of("/var/run/tailscale/tailscaled.sock");

  private static final RenewWindow DEFAULT_RENEW = RenewWindow.percent(33);
  private static final RenewWindow DEFAULT_WARN = RenewWindow.percent(10);
  private static final Duration DEFAULT_RETRY = Duration.ofSeconds(5);
  private static final Duration DEFAULT_CHECK = Duration.ofHours(12);

  private MdConfigCompiler() {}

  /** Compiles; problems go to {@code problems} and the result then holds what could be read. */
  static MdConfig compile(TailgateConfig config, ProblemCollector problems) {
    ModuleValues main = config.mainServer().host().modules();
    DomainSettings global = main.get(DomainSettings.KEY).orElse(DomainSettings.NONE);
    ModuleSettings module = main.get(ModuleSettings.KEY).orElse(ModuleSettings.NONE);
    Path store =
        module
            .storeDir()
            .map(config.serverRoot()::resolve)
            .orElse(config.serverRoot().resolve("md"));
    ManagerSettings manager =
        new ManagerSettings(
            store,
            module.retryDelay().orElse(DEFAULT_RETRY),
            module.checkInterval().orElse(DEFAULT_CHECK),
            module.messageCmd().orElse(List.of()),
            module.notifyCmd().orElse(List.of()));

    Map<String, DomainSettings> vhostSettings = vhostSettings(config);
    List<ManagedDomain> domains = new ArrayList<>();
    Map<String, MdConfig.RequireHttps> requireHttps = new HashMap<>();
    Set<String> stapled = new HashSet<>();
    boolean sawAuto = false;
    for (ModuleSettings.Declared d : module.declared()) {
      if (d.names().isEmpty()) {
        continue;
      }
      if (d.names().get(0).equals(MdConfig.AUTO)) {
        if (sawAuto) {
          problems.add(
              d.at(),
              d.displayName(),
              "only one MDomain may be auto: a node has one name",
              "name the other domains explicitly");
          continue;
        }
        sawAuto = true;
      }
      String domain = d.names().get(0);
      DomainSettings effective =
          global
              .overriddenBy(vhostSettings.getOrDefault(domain, DomainSettings.NONE))
              .overriddenBy(d.settings());
      String protocol = effective.protocol().orElse("ACME");
      if (stapling(config, effective, problems)) {
        stapled.add(domain);
      }
      if (protocol.equals("ACME")) {
        AcmeDomainCompiler.compile(config, d, effective, problems)
            .ifPresent(
                issuer -> {
                  domains.add(
                      new ManagedDomain(
                          domain,
                          d.names(),
                          issuer,
                          effective.renew().orElse(DEFAULT_RENEW),
                          effective.warn().orElse(DEFAULT_WARN),
                          d.at().toString()));
                  requireHttps.put(
                      domain, effective.requireHttps().orElse(MdConfig.RequireHttps.OFF));
                });
        continue;
      }
      if (!protocol.equals("tailscale")) {
        problems.add(
            d.at(),
            d.displayName(),
            protocol.equalsIgnoreCase("tailscale") || protocol.equalsIgnoreCase("acme")
                ? "protocol names are case-sensitive, as in mod_md: '"
                    + protocol
                    + "' is not '"
                    + (protocol.equalsIgnoreCase("acme") ? "ACME" : "tailscale")
                    + "'"
                : "MDomain "
                    + domain
                    + " uses protocol "
                    + protocol
                    + ", which tailgate does not know",
            "write MDCertificateProtocol tailscale (a tailnet name) or ACME (a public name) inside <MDomain "
                + domain
                + ">");
        continue;
      }
      if (d.names().size() > 1) {
        problems.add(
            d.at(),
            d.displayName(),
            "a tailscale MDomain has exactly one name, because tailscaled issues certificates only for this node's name; got "
                + String.join(", ", d.names()),
            "write one <MDomain> per name, each with its own certificate");
        continue;
      }
      Path socket = socket(effective, domain, problems);
      domains.add(
          new ManagedDomain(
              domain,
              socket,
              effective.renew().orElse(DEFAULT_RENEW),
              effective.warn().orElse(DEFAULT_WARN),
              d.at().toString()));
      requireHttps.put(domain, effective.requireHttps().orElse(MdConfig.RequireHttps.OFF));
      if (!domain.equals(MdConfig.AUTO)) {
        checkAliases(config, domain, d, problems);
      }
    }
    checkNames(config, module, domains, problems);
    return new MdConfig(
        domains,
        manager,
        requireHttps,
        module.certificateStatus().orElse(true),
        declaredAt(module),
        stapled);
  }

  /**
   * Each name in one MDomain only, and each ACME domain's virtual hosts answering only to names its
   * certificate covers: mod_md silently adds a missing alias and orders again, tailgate says where
   * to write it.
   */
  private static void checkNames(
      TailgateConfig config,
      ModuleSettings module,
      List<ManagedDomain> domains,
      ProblemCollector problems) {
    Map<String, ModuleSettings.Declared> owner = new HashMap<>();
    for (ModuleSettings.Declared d : module.declared()) {
      for (String name : d.names()) {
        ModuleSettings.Declared first = owner.putIfAbsent(name, d);
        if (first != null && first != d) {
          problems.add(
              d.at(),
              d.displayName(),
              name + " is already managed by the MDomain at " + first.at(),
              "name it in one MDomain only");
        }
      }
    }
    for (ManagedDomain domain : domains) {
      if (!(domain.issuer() instanceof dev.tailgate.certs.managed.Issuer.Acme)) {
        continue;
      }
      for (VirtualHost vhost : config.virtualHosts()) {
        boolean served =
            vhost
                .host()
                .serverName()
                .map(n -> domain.names().contains(n.toLowerCase(Locale.ROOT)))
                .orElse(false);
        if (!served
            || !vhost.host().tls().engine()
            || vhost.host().tls().certificateFile().isPresent()) {
          continue;
        }
        for (String alias : vhost.host().serverAliases()) {
          if (!domain.names().contains(alias.toLowerCase(Locale.ROOT))) {
            problems.add(
                vhost.at(),
                "ServerAlias",
                "the certificate of "
                    + vhost.describe()
                    + " comes from the MDomain "
                    + domain.name()
                    + " ("
                    + domain.configuredAt()
                    + "), which does not cover the alias "
                    + alias,
                "add " + alias + " to <MDomain " + String.join(" ", domain.names()) + ">");
          }
        }
      }
    }
  }

  /** Where each declared name was declared, for {@code tailgate check}. */
  private static Map<String, String> declaredAt(ModuleSettings module) {
    Map<String, String> at = new LinkedHashMap<>();
    for (ModuleSettings.Declared d : module.declared()) {
      d.names().forEach(name -> at.putIfAbsent(name, d.names().get(0) + " (" + d.at() + ")"));
    }
    return at;
  }

  /**
   * A vhost whose ServerName is the managed name must not also answer to names tailscaled cannot
   * issue for.
   */
  private static void checkAliases(
      TailgateConfig config, String domain, ModuleSettings.Declared at, ProblemCollector problems) {
    for (VirtualHost vhost : config.virtualHosts()) {
      if (vhost.host().serverName().map(n -> n.equalsIgnoreCase(domain)).orElse(false)
          && vhost.host().tls().engine()
          && vhost.host().tls().certificateFile().isEmpty()) {
        for (String alias : vhost.host().serverAliases()) {
          problems.add(
              vhost.at(),
              "ServerAlias",
              "the certificate of "
                  + vhost.describe()
                  + " comes from the tailscale MDomain "
                  + domain
                  + " ("
                  + at.at()
                  + "), which cannot cover the alias "
                  + alias,
              "serve "
                  + alias
                  + " from its own <VirtualHost> with its own certificate, or remove the alias");
        }
      }
    }
  }

  /**
   * {@code MDStapling on} for a domain. The JDK's TLS engine staples what tailgate hands it through
   * a loopback OCSP responder; Conscrypt, as tailgate drives it, staples nothing, so {@code
   * TLSProvider conscrypt} with stapling is refused rather than silently unstapled, and {@code
   * auto} takes the JDK's engine ({@link MdConfig#needsJdkEngine}).
   */
  private static boolean stapling(
      TailgateConfig config, DomainSettings settings, ProblemCollector problems) {
    Optional<AcmeSettings.Written<Boolean>> stapling =
        settings.acme().stapling().filter(AcmeSettings.Written::value);
    if (stapling.isEmpty()) {
      return false;
    }
    TlsProvider provider =
        config.mainServer().host().modules().get(TlsProvider.KEY).orElse(TlsProvider.DEFAULT);
    if (provider == TlsProvider.CONSCRYPT) {
      problems.add(
          stapling.get().at(),
          stapling.get().directive(),
          "OCSP stapling needs the JDK's TLS engine: with TLSProvider conscrypt nothing would be"
              + " stapled",
          "write TLSProvider auto (the JDK's engine then serves this configuration) or jdk, or"
              + " MDStapling off");
      return false;
    }
    return true;
  }

  private static Path socket(DomainSettings settings, String domain, ProblemCollector problems) {
    if (settings.authority().isEmpty()) {
      return DEFAULT_SOCKET;
    }
    DomainSettings.Authority node = settings.authority().get();
    if (node.values().size() != 1) {
      problems.add(
          node.at(),
          node.directive(),
          "a tailscale MDomain takes one tailscaled socket, got "
              + node.values().size()
              + " values",
          "write MDCertificateAuthority file:///var/run/tailscale/tailscaled.sock");
      return DEFAULT_SOCKET;
    }
    Optional<Path> path = socketPath(node.values().get(0));
    if (path.isEmpty()) {
      problems.add(
          node.at(),
          node.directive(),
          "'"
              + node.values().get(0)
              + "' is not a tailscaled socket for MDomain "
              + domain
              + (node.values().get(0).contains("://")
                  ? " (an ACME CA URL cannot serve a tailscale domain)"
                  : ""),
          "write a socket path or file URL, e.g. MDCertificateAuthority file:///var/run/tailscale/tailscaled.sock,"
              + " inside the <MDomain> so a global ACME CA does not apply to it");
      return DEFAULT_SOCKET;
    }
    return path.get();
  }

  /**
   * The blog's bare path, {@code file:///path} and {@code file://localhost/path}; anything else is
   * not a socket. (mod_md refused the bare path; the seed uses it, so we accept it on purpose.)
   */
  public static Optional<Path> socketPath(String value) {
    if (value.startsWith("/")) {
      return Optional.of(Path.of(value));
    }
    try {
      URI uri = new URI(value);
      if (!"file".equalsIgnoreCase(uri.getScheme())) {
        return Optional.empty();
      }
      String host = uri.getHost();
      if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
        return Optional.empty();
      }
      return uri.getPath() == null || uri.getPath().isEmpty()
          ? Optional.empty()
          : Optional.of(Path.of(uri.getPath()));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** Each vhost's MD settings (its own over the server's), by its ServerName. */
  private static Map<String, DomainSettings> vhostSettings(TailgateConfig config) {
    Map<String, DomainSettings> byName = new LinkedHashMap<>();
    for (VirtualHost vhost : config.virtualHosts()) {
      DomainSettings settings =
          vhost.host().modules().get(DomainSettings.KEY).orElse(DomainSettings.NONE);
      vhost
          .host()
          .serverName()
          .ifPresent(name -> byName.put(name.toLowerCase(Locale.ROOT), settings));
    }
    return byName;
  }
}
