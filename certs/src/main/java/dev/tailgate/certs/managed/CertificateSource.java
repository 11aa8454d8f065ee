package dev.tailgate.certs.managed;

import dev.tailgate.localapi.cert.CertPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where a managed domain's certificates come from: tailscaled or an ACME CA. The manager knows
 * nothing else about the protocol, as mod_md's drivers know nothing of each other.
 */
public interface CertificateSource {

  /** The protocol's name for status reports ({@code ca.proto}). */
  String protocol();

  /**
   * A verified pair for {@code domain}. It may be the same certificate as last time: tailscaled
   * renews lazily and keeps handing out the old one until the new one is ready.
   *
   * @param minValidity ask the source to renew first if the certificate expires sooner than this
   * @param current the certificate served now, which a new one replaces (ACME's {@code replaces})
   */
  CompletableFuture<CertPair> fetch(
      String domain, Duration minValidity, Optional<CertPair> current);

  /**
   * When the issuer suggests renewing {@code current} (ACME Renewal Information, RFC 9773), or
   * empty when it offers no advice; the renew window then decides. Asked before each check of a
   * certificate that is not yet due.
   */
  default CompletableFuture<Optional<Instant>> renewalAdvice(CertPair current) {
    return CompletableFuture.completedFuture(Optional.empty());
  }
}
