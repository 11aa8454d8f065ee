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
 * tailscaled's certificate cache semantics: the same cached certificate is returned until it stops
 * being valid, until {@code min_validity} exceeds its remaining lifetime (which tailscaled answers
 * with a synchronous issuance), or until a test calls {@link #renew} (standing in for the
 * background renewal that the real daemon finishes later). Clients that poll must therefore cope
 * with getting identical bytes back most of the time.
 */
public final class CertCache {
  private final TestCertificateAuthority ca;
  private final Map<String, IssuedCertificate> cached = new HashMap<>();
  private final Set<String> renewalRequested = new HashSet<>();
  private final List<IssuedCertificate> issued = new CopyOnWriteArrayList<>();

  public CertCache(TestCertificateAuthority ca) {
    this.ca = ca;
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
      return cached.get(domain);
    }
    IssuedCertificate fresh = ca.issue(domain);
    cached.put(domain, fresh);
    renewalRequested.remove(domain);
    issued.add(fresh);
    return fresh;
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
