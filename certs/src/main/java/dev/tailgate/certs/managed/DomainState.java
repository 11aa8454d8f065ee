package dev.tailgate.certs.managed;

/** Where a managed domain stands, as the status report shows it. */
public enum DomainState {
  /** No certificate yet: the fallback is served and requests get 503. */
  PENDING,
  /** A valid certificate is served. */
  VALID,
  /** Inside the renew window; the source has not handed out a new certificate yet. */
  RENEWING,
  /** The last attempt failed; the current certificate (if any) is still served. */
  ERROR
}
