package dev.tailgate.config.model;

import java.util.Optional;

/**
 * A feature's result that provides certificates for host names (managed domains), so the summary
 * can say where a TLS host's certificate comes from without knowing the feature.
 */
public interface CertificateNamer {
  /** How the certificate for {@code serverName} is provided, if this feature provides it. */
  Optional<String> certificateFor(String serverName);

  /** How the certificate of a TLS host without a ServerName is provided, if this feature does. */
  default Optional<String> certificateForUnnamedHost() {
    return Optional.empty();
  }
}
