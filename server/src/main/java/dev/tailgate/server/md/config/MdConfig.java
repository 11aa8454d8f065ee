package dev.tailgate.server.md.config;

import dev.tailgate.certs.managed.DurationText;
import dev.tailgate.certs.managed.Issuer;
import dev.tailgate.certs.managed.ManagedDomain;
import dev.tailgate.certs.managed.ManagerSettings;
import dev.tailgate.config.model.CertificateNamer;
import dev.tailgate.config.model.Described;
import dev.tailgate.config.model.ModuleKey;
import dev.tailgate.config.model.TailgateConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The managed-domain part of a configuration, compiled from the MD directives.
 *
 * @param requireHttps {@code MDRequireHttps} per domain name
 * @param certificateStatus {@code MDCertificateStatus}: whether {@code /.httpd/certificate-status}
 *     answers
 * @param declaredAt for each declared name, its domain and the line that declared it (for {@code
 *     check})
 * @param stapled the domains with {@code MDStapling on} ({@value #AUTO} for an auto domain)
 */
public record MdConfig(
    List<ManagedDomain> domains,
    ManagerSettings settings,
    Map<String, RequireHttps> requireHttps,
    boolean certificateStatus,
    Map<String, String> declaredAt,
    Set<String> stapled)
    implements Described, CertificateNamer {

  /** Where the compiled managed domains are kept in a {@link TailgateConfig}. */
  public static final ModuleKey<MdConfig> KEY = ModuleKey.replacing("md-domains");

  /**
   * The name of an {@code MDomain auto} until tailscaled names the node: the first of its
   * certificate domains, learned at run time so start-up does not wait for tailscaled.
   */
  public static final String AUTO = "auto";

  public MdConfig {
    domains = List.copyOf(domains);
    requireHttps = Map.copyOf(requireHttps);
    declaredAt = Map.copyOf(declaredAt);
    stapled = Set.copyOf(stapled);
  }

  /** Whether {@code domain} (a learned auto name counts as auto) has {@code MDStapling on}. */
  public boolean stapling(String domain) {
    return stapled.contains(domain)
        || (stapled.contains(AUTO) && domains.stream().noneMatch(d -> d.name().equals(domain)));
  }

  /**
   * Why this configuration needs the JDK's TLS engine, if it does: it alone staples OCSP answers
   * (through tailgate's loopback responder) and answers tls-alpn-01 (it negotiates ALPN before it
   * chooses the certificate; Conscrypt chooses first).
   */
  public Optional<String> needsJdkEngine() {
    Optional<String> stapling =
        stapled.stream()
            .sorted()
            .findFirst()
            .map(d -> "MDStapling on for " + d + " needs the JDK's engine");
    return stapling.or(
        () ->
            domains.stream()
                .filter(
                    d ->
                        d.issuer() instanceof Issuer.Acme acme
                            && acme.challenges().contains(Issuer.Acme.TLS_ALPN_01))
                .findFirst()
                .map(d -> "tls-alpn-01 for " + d.name() + " needs the JDK's engine"));
  }

  /** The managed domains of a loaded configuration, compiled when it was loaded. */
  public static MdConfig of(TailgateConfig config) {
    return config
        .modules()
        .get(KEY)
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "the configuration was loaded without the md module: register ManagedDomainsModule"));
  }

  public boolean isEmpty() {
    return domains.isEmpty();
  }

  @Override
  public Optional<String> certificateFor(String serverName) {
    return Optional.ofNullable(declaredAt.get(serverName.toLowerCase(Locale.ROOT)))
        .map(d -> "managed domain " + d);
  }

  @Override
  public Optional<String> certificateForUnnamedHost() {
    return domains.stream()
        .filter(d -> d.name().equals(AUTO))
        .findFirst()
        .map(d -> "managed domain auto (this node's name, from tailscaled)");
  }

  @Override
  public List<String> describe() {
    if (domains.isEmpty()) {
      return List.of("Managed domains: none");
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        "Managed domains (store "
            + settings.storeDir()
            + ", retry delay "
            + DurationText.format(settings.retryDelay())
            + ", check interval "
            + DurationText.format(settings.checkInterval())
            + "):");
    for (ManagedDomain domain : domains) {
      String name =
          domain.name().equals(AUTO) ? "auto (this node's name, from tailscaled)" : domain.name();
      lines.add("  " + name + "  (" + domain.configuredAt() + ")");
      if (domain.names().size() > 1) {
        lines.add("    names " + String.join(", ", domain.names()));
      }
      lines.add(
          "    "
              + describe(domain.issuer())
              + ", renew window "
              + domain.renewWindow()
              + ", warn window "
              + domain.warnWindow()
              + ", MDRequireHttps "
              + requireHttps
                  .getOrDefault(domain.name(), RequireHttps.OFF)
                  .name()
                  .toLowerCase(Locale.ROOT));
    }
    return lines;
  }

  private static String describe(dev.tailgate.certs.managed.Issuer issuer) {
    if (issuer instanceof dev.tailgate.certs.managed.Issuer.Acme acme) {
      return "ACME from "
          + acme.directory()
          + " ("
          + String.join(", ", acme.challenges())
          + "; "
          + acme.keys()
          + " keys"
          + (acme.contacts().isEmpty() ? "" : "; contact " + acme.contacts().get(0))
          + acme.profile().map(p -> "; profile " + p).orElse("")
          + acme.trustedRoots().map(r -> "; CA roots " + r).orElse("")
          + (acme.binding().isPresent() ? "; external account " + acme.binding().get().keyId() : "")
          + ")";
    }
    return "tailscale via " + issuer.location();
  }

  /** {@code MDRequireHttps}: mod_md's redirect of plain HTTP to HTTPS for a managed domain. */
  public enum RequireHttps {
    OFF,
    /** 302/307 redirects. */
    TEMPORARY,
    /** 301/308 redirects and {@code Strict-Transport-Security} on HTTPS. */
    PERMANENT
  }
}
