package dev.tailgate.certs.managed;

import dev.tailgate.localapi.cert.CertPair;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Where a managed domain's certificates come from: tailscaled today, an ACME CA later. The manager
 * knows nothing else about the protocol, as mod_md's drivers know nothing of each other.
 */
public interface CertificateSource {

  /** The protocol's name for status reports ({@code ca.proto}). */
  String protocol();

  /**
   * A verified pair for {@code domain}. It may be the same certificate as last time: tailscaled
   * renews lazily and keeps handing out the old one until the new one is ready.
   *
   * @param minValidity ask the source to renew first if the certificate expires sooner than this
   */
  CompletableFuture<CertPair> fetch(String domain, Duration minValidity);
}
