package dev.tailgate.testkit.ca;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * tailscaled's certificate cache semantics (spec localapi.md §3): the same cached certificate is
 * returned until it stops being valid, or until {@code min_validity} exceeds its remaining lifetime
 * (which tailscaled answers with a synchronous issuance). Once 2/3 of its lifetime has passed, a
 * call with {@code min_validity=0} still gets the cached certificate and starts a background
 * renewal, whose result a later call gets (this fake's renewal finishes at once, so the very next
 * call). {@link #renew} starts one by hand. Clients that poll must therefore cope with getting
 * identical bytes back most of the time, and must ask again to see a renewal.
 */
public final class CertCache {
  private final TestCertificateAuthority ca;
  private final Map<String, IssuedCertificate> cached = new HashMap<>();
  private final Set<String> renewalRequested = new HashSet<>();
  private final List<IssuedCertificate> issued = new CopyOnWriteArrayList<>();
  private final boolean backgroundRenewal;

  /** With tailscaled's background renewal at 2/3 of the lifetime. */
  public CertCache(TestCertificateAuthority ca) {
    this(ca, true);
  }

  /**
   * @param backgroundRenewal false for a daemon whose background renewal never finishes (tests of
   *     the "not yet" answer); only {@link #renew} and {@code min_validity} then issue
   */
  public CertCache(TestCertificateAuthority ca, boolean backgroundRenewal) {
    this.ca = ca;
    this.backgroundRenewal = backgroundRenewal;
  }

  public TestCertificateAuthority ca() {
    return ca;
  }

  /** Whether {@link #get} would have to issue, i.e. go to the (fake) ACME CA. */
  public synchronized boolean needsIssuance(String domain, Duration minValidity) {
    IssuedCertificate current = cached.get(domain);
    if (current == null || renewalRequested.contains(domain)) {
      return true;
    }
    Instant now = ca.clock().instant();
    if (now.isBefore(current.notBefore()) || !now.isBefore(current.notAfter())) {
      return true;
    }
    return minValidity.compareTo(Duration.between(now, current.notAfter())) > 0;
  }

  /** The cached certificate, or a new one when {@link #needsIssuance} says so. */
  public synchronized IssuedCertificate get(String domain, Duration minValidity) {
    if (!needsIssuance(domain, minValidity)) {
      IssuedCertificate current = cached.get(domain);
      if (backgroundRenewal && renewalDue(current)) {
        // tailscaled answers from its cache and renews behind the answer; a later call gets the
        // result
        renewalRequested.add(domain);
      }
      return current;
    }
    IssuedCertificate fresh = ca.issue(domain);
    cached.put(domain, fresh);
    renewalRequested.remove(domain);
    issued.add(fresh);
    return fresh;
  }

  /** tailscaled's fallback renewal time (no ARI): 2/3 of the lifetime. */
  private boolean renewalDue(IssuedCertificate certificate) {
    Duration lifetime = Duration.between(certificate.notBefore(), certificate.notAfter());
    return !ca.clock()
        .instant()
        .isBefore(certificate.notBefore().plus(lifetime.multipliedBy(2).dividedBy(3)));
  }

  /** The next request for this domain gets a new certificate (new key, new serial). */
  public synchronized void renew(String domain) {
    renewalRequested.add(domain);
  }

  /** Everything issued so far, oldest first. */
  public List<IssuedCertificate> issued() {
    return List.copyOf(issued);
  }

  public long issuanceCount(String domain) {
    return issued.stream().filter(c -> c.domain().equals(domain)).count();
  }
}
