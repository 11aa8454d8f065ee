package dev.tailgate.certs.managed;

import dev.tailgate.certs.ocsp.Stapler;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one managed domain for status pages and {@code tailgate certs}: what is served,
 * when it is renewed, and what went wrong last.
 *
 * @param names every name the certificate covers, {@code name} first
 * @param source where it comes from: tailscaled's socket path or the ACME directory URL
 * @param renewAt when renewal starts (empty without a certificate)
 * @param errors failed attempts since the last success
 * @param lastProblem what the last failure said, for a person
 * @param log the most recent events, newest last
 * @param stapling OCSP stapling, for a domain with {@code MDStapling on} that serves a certificate
 */
public record DomainStatus(
    String name,
    List<String> names,
    String protocol,
    String source,
    DomainState state,
    Optional<CertificateInfo> certificate,
    Optional<Instant> renewAt,
    Optional<Instant> warnAt,
    int errors,
    Optional<String> lastProblem,
    Optional<Instant> lastRun,
    Optional<Instant> nextRun,
    List<String> log,
    Optional<Stapler.Status> stapling) {

  public DomainStatus {
    names = List.copyOf(names);
    log = List.copyOf(log);
  }

  /** The same status with what the stapler reports. */
  public DomainStatus withStapling(Optional<Stapler.Status> value) {
    return new DomainStatus(
        name,
        names,
        protocol,
        source,
        state,
        certificate,
        renewAt,
        warnAt,
        errors,
        lastProblem,
        lastRun,
        nextRun,
        log,
        value);
  }

  /** The served certificate, by the facts a person checks. */
  public record CertificateInfo(
      Instant validFrom, Instant validUntil, String serial, String sha256Fingerprint) {}
}
