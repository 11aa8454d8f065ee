package dev.tailgate.testkit;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Runtime switches that make the fake misbehave the way a real tailscaled can, so clients are
 * tested against each failure rather than only the happy path. Every switch is thread-safe, takes
 * effect for the next request, and can be cleared; {@link #clear()} resets them all.
 *
 * <p>Switches that take endpoints apply to those only, or to every LocalAPI endpoint when none are
 * given. Listener-level faults (down, connection refused) are on {@link FakeTailscaled#down()},
 * {@link FakeTailscaled#refuse()} and {@link FakeTailscaled#up()}.
 */
public final class Faults {
  /** The text of Let's Encrypt's rate-limit error, as tailscaled passes it through. */
  public static final String DEFAULT_RATE_LIMIT_MESSAGE =
      "acme: error code 429 "
          + "\"urn:ietf:params:acme:error:rateLimited\": too many certificates (5) already issued "
          + "for this exact set of identifiers in the last 168h0m0s";

  /** A response that is not JSON: what a client sees when something else answers on the socket. */
  public static final String DEFAULT_GARBAGE = "<html><body>this is not JSON</body></html>";

  private volatile Duration slowness = Duration.ZERO;
  private volatile Set<LocalApiRoute> slowRoutes = Set.of();
  private volatile Targeted garbage;
  private volatile Targeted serverError;
  private volatile Set<LocalApiRoute> denied = Set.of();
  private volatile boolean certsDenied;
  private volatile boolean httpsDisabled;
  private volatile boolean notLoggedIn;
  private volatile RateLimit rateLimit;

  /** A body or message limited to some endpoints. */
  record Targeted(String text, Set<LocalApiRoute> endpoints) {
    boolean appliesTo(LocalApiRoute endpoint) {
      return endpoints.contains(endpoint);
    }
  }

  /** ACME rate limiting as tailscaled on main reports it: 429 with Retry-After. */
  record RateLimit(Duration retryAfter, String message) {}

  /**
   * Delays every response (after recording the request) without holding a Jetty thread; with {@code
   * routes}, only theirs (e.g. {@code slow(ofMillis(50), WHOIS)} for a daemon busy with whois while
   * its watch streams on).
   */
  public Faults slow(Duration delay, LocalApiRoute... routes) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay " + delay);
    }
    this.slowness = delay;
    this.slowRoutes = Set.of(routes);
    return this;
  }

  public Faults clearSlow() {
    return slow(Duration.ZERO);
  }

  /** 200 with a non-JSON body ({@link #DEFAULT_GARBAGE}). */
  public Faults garbage(LocalApiRoute... endpoints) {
    return garbage(DEFAULT_GARBAGE, endpoints);
  }

  public Faults garbage(String body, LocalApiRoute... endpoints) {
    this.garbage = new Targeted(body, targets(endpoints));
    return this;
  }

  public Faults clearGarbage() {
    this.garbage = null;
    return this;
  }

  /** 500 with this text, formatted like Go's {@code http.Error}. */
  public Faults serverError(String message, LocalApiRoute... endpoints) {
    this.serverError = new Targeted(message, targets(endpoints));
    return this;
  }

  public Faults clearServerError() {
    this.serverError = null;
    return this;
  }

  /**
   * 403 with each endpoint's own denial text ({@code whois access denied}, ...): a caller without
   * read permission.
   */
  public Faults deny(LocalApiRoute... endpoints) {
    this.denied = targets(endpoints);
    return this;
  }

  public Faults clearDeny() {
    this.denied = Set.of();
    return this;
  }

  /**
   * This caller may read but not fetch certificates (neither write permission nor {@code
   * TS_PERMIT_CERT_UID}): cert answers 403 {@code cert access denied}.
   */
  public Faults denyCerts() {
    this.certsDenied = true;
    return this;
  }

  public Faults allowCerts() {
    this.certsDenied = false;
    return this;
  }

  /** Overrides the tailnet's HTTPS flag to off: CertDomains null, cert 500. */
  public Faults httpsDisabled(boolean disabled) {
    this.httpsDisabled = disabled;
    return this;
  }

  /**
   * Overrides the tailnet to logged out: whois 404, status NeedsLogin, cert 500 {@code no netmap
   * available}.
   */
  public Faults notLoggedIn(boolean loggedOut) {
    this.notLoggedIn = loggedOut;
    return this;
  }

  /**
   * Certificate issuance fails with 429 and {@code Retry-After} (tailscaled main). As in the real
   * daemon, only calls that would have to issue fail: a valid cached certificate is still served.
   */
  public Faults rateLimited(Duration retryAfter) {
    return rateLimited(retryAfter, DEFAULT_RATE_LIMIT_MESSAGE);
  }

  public Faults rateLimited(Duration retryAfter, String message) {
    this.rateLimit = new RateLimit(retryAfter, message);
    return this;
  }

  public Faults clearRateLimit() {
    this.rateLimit = null;
    return this;
  }

  /** Every switch off. */
  public Faults clear() {
    slowness = Duration.ZERO;
    garbage = null;
    serverError = null;
    denied = Set.of();
    certsDenied = false;
    httpsDisabled = false;
    notLoggedIn = false;
    rateLimit = null;
    return this;
  }

  /** The delay for a request to {@code path}. */
  Duration slownessFor(String path) {
    Set<LocalApiRoute> routes = slowRoutes;
    if (routes.isEmpty()) {
      return slowness;
    }
    return LocalApiRoute.forPath(path).filter(routes::contains).isPresent()
        ? slowness
        : Duration.ZERO;
  }

  Optional<String> garbageFor(LocalApiRoute endpoint) {
    Targeted current = garbage;
    return current != null && current.appliesTo(endpoint)
        ? Optional.of(current.text())
        : Optional.empty();
  }

  Optional<String> serverErrorFor(LocalApiRoute endpoint) {
    Targeted current = serverError;
    return current != null && current.appliesTo(endpoint)
        ? Optional.of(current.text())
        : Optional.empty();
  }

  boolean isDenied(LocalApiRoute endpoint) {
    return denied.contains(endpoint);
  }

  boolean certsDenied() {
    return certsDenied;
  }

  Optional<RateLimit> rateLimit() {
    return Optional.ofNullable(rateLimit);
  }

  /** The tailnet as the endpoints should see it, with the HTTPS and login overrides applied. */
  TailnetSnapshot apply(TailnetSnapshot tailnet) {
    if (!httpsDisabled && !notLoggedIn) {
      return tailnet;
    }
    return new TailnetSnapshot(
        tailnet.tailnetName(),
        tailnet.magicDnsSuffix(),
        tailnet.self(),
        tailnet.peers(),
        tailnet.users(),
        tailnet.connections(),
        tailnet.httpsEnabled() && !httpsDisabled,
        tailnet.loggedIn() && !notLoggedIn);
  }

  private static Set<LocalApiRoute> targets(LocalApiRoute... endpoints) {
    return endpoints.length == 0
        ? EnumSet.allOf(LocalApiRoute.class)
        : EnumSet.of(endpoints[0], endpoints);
  }
}
