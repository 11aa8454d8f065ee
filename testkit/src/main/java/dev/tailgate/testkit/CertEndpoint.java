package dev.tailgate.testkit;

import dev.tailgate.testkit.ca.CertCache;
import dev.tailgate.testkit.ca.IssuedCertificate;
import dev.tailgate.testkit.go.GoDuration;
import dev.tailgate.testkit.go.GoQuote;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /localapi/v0/cert/<domain>?type=&min_validity=} (spec §3, cert-pair.md), in
 * tailscaled's order of checks: permission, {@code min_validity}, domain shape, netmap,
 * CertDomains, exact case-sensitive match, then fetch (or issue) and only then {@code type}. Every
 * failure after the {@code min_validity} check is a 500 with Go's error text, except the ACME rate
 * limit (429, tailscaled main).
 */
final class CertEndpoint implements Endpoint {
  private static final String PREFIX = "/localapi/v0/cert/";

  private final CertCache certs;
  private final Faults faults;

  CertEndpoint(CertCache certs, Faults faults) {
    this.certs = certs;
    this.faults = faults;
  }

  @Override
  public Reply serve(ApiCall call) {
    if (faults.certsDenied()) {
      return Reply.error(403, LocalApiRoute.CERT.deniedMessage());
    }
    String domain = call.path().substring(PREFIX.length());
    Duration minValidity = Duration.ZERO;
    String minValidityText = call.param("min_validity");
    if (!minValidityText.isEmpty()) {
      try {
        minValidity = GoDuration.parse(minValidityText);
      } catch (IllegalArgumentException e) {
        return Reply.error(400, "invalid validity parameter: " + e.getMessage());
      }
    }
    Optional<String> refusal = refusal(domain, call.tailnet());
    if (refusal.isPresent()) {
      return Reply.error(500, refusal.get());
    }
    Optional<Faults.RateLimit> rateLimit = faults.rateLimit();
    if (rateLimit.isPresent() && certs.needsIssuance(domain, minValidity)) {
      return Reply.error(429, rateLimit.get().message())
          .withHeader("Retry-After", Long.toString(rateLimit.get().retryAfter().toSeconds()));
    }
    IssuedCertificate cert = certs.get(domain, minValidity);
    switch (call.param("type")) {
      case "", "crt", "cert":
        return Reply.ok("text/plain", cert.chainPem());
      case "key":
        return Reply.ok("text/plain", cert.keyPem());
      case "pair":
        return Reply.ok("text/plain", cert.pairPem());
      default:
        return Reply.error(400, "invalid type; want \"cert\" (default), \"key\", or \"pair\"");
    }
  }

  /** tailscaled's {@code validLookingCertDomain} and {@code resolveCertDomain}. */
  private static Optional<String> refusal(String domain, TailnetSnapshot tailnet) {
    if (!validLooking(domain)) {
      return Optional.of("invalid domain");
    }
    if (!tailnet.loggedIn()) {
      return Optional.of("no netmap available");
    }
    List<String> domains = tailnet.certDomains();
    if (domains.isEmpty()) {
      return Optional.of("your Tailscale account does not support getting TLS certs");
    }
    if (domain.startsWith("*.")) {
      return Optional.of("wildcard certificates are not enabled for this node");
    }
    if (!domains.contains(domain)) {
      return Optional.of(
          "invalid domain " + GoQuote.quote(domain) + "; must be one of " + GoQuote.quote(domains));
    }
    return Optional.empty();
  }

  private static boolean validLooking(String name) {
    if (name.isEmpty()
        || name.contains("..")
        || name.chars().anyMatch(c -> ":/\\\0".indexOf(c) >= 0)
        || !name.contains(".")) {
      return false;
    }
    if (name.startsWith("*.")) {
      String rest = name.substring(2);
      return !rest.contains("*") && rest.contains(".");
    }
    return !name.contains("*");
  }
}
