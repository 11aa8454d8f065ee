package dev.tailgate.server.md;

import dev.tailgate.certs.managed.ManagedDomain;
import dev.tailgate.certs.managed.ManagerSettings;
import java.util.List;
import java.util.Map;

/**
 * The managed-domain part of a configuration, compiled from the MD directives.
 *
 * @param requireHttps {@code MDRequireHttps} per domain name
 * @param certificateStatus {@code MDCertificateStatus}: whether {@code /.httpd/certificate-status} answers
 */
public record MdConfig(
    List<ManagedDomain> domains,
    ManagerSettings settings,
    Map<String, RequireHttps> requireHttps,
    boolean certificateStatus) {

  /**
   * The name of an {@code MDomain auto} until tailscaled names the node: the first of its
   * certificate domains, learned at run time so start-up does not wait for tailscaled.
   */
  public static final String AUTO = "auto";

  public MdConfig {
    domains = List.copyOf(domains);
    requireHttps = Map.copyOf(requireHttps);
  }

  public boolean isEmpty() {
    return domains.isEmpty();
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
