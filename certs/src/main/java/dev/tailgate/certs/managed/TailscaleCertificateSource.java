package dev.tailgate.certs.managed;

import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.cert.CertPair;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Certificates from the local tailscaled ({@code cert/DOMAIN?type=pair}), verified by the client.
 */
public final class TailscaleCertificateSource implements CertificateSource {
  private final LocalApiClient client;

  public TailscaleCertificateSource(LocalApiClient client) {
    this.client = client;
  }

  @Override
  public String protocol() {
    return "tailscale";
  }

  @Override
  public CompletableFuture<CertPair> fetch(
      String domain, Duration minValidity, Optional<CertPair> current) {
    return client.certPairAsync(domain, minValidity);
  }
}
