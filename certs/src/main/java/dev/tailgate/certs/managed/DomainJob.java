package dev.tailgate.certs.managed;

import dev.tailgate.certs.CertOwner;
import dev.tailgate.certs.CertRegistry;
import dev.tailgate.certs.events.CertEvent;
import dev.tailgate.certs.store.CertStore;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import dev.tailgate.localapi.RateLimitedException;
import dev.tailgate.localapi.cert.CertPair;
import dev.tailgate.localapi.cert.CertPairVerifier;
import dev.tailgate.localapi.cert.InvalidCertPairException;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one managed domain's certificate valid: when to ask, what an answer means, how long to
 * wait. The rules are mod_md's with its tailscale bug fixed: tailscaled handing back the same
 * certificate inside the renew window means "not yet" (it renews in the background), which is
 * retried on a calm schedule without {@code errored} events; only real failures back off
 * exponentially.
 *
 * <p>All state changes happen on the manager's single scheduler thread, so no locking is needed
 * beyond publishing the status snapshot.
 */
final class DomainJob {
  private static final Logger LOG = LoggerFactory.getLogger(DomainJob.class);

  /**
   * Bounds of how often to ask again while tailscaled renews in the background: often enough for a
   * certificate of minutes, calm for one of months.
   */
  static final Duration MIN_NOT_YET_POLL = Duration.ofSeconds(2);

  static final Duration MAX_NOT_YET_POLL = Duration.ofHours(1);

  private static final int LOG_SIZE = 20;

  private final ManagedDomain domain;
  private final CertificateSource source;
  private final CertStore store;
  private final CertRegistry registry;
  private final ManagerSettings settings;
  private final Clock clock;
  private final Consumer<CertEvent> events;
  private final Deque<String> log = new ArrayDeque<>();

  private CertPair current;
  private Optional<Instant> advisedRenewal = Optional.empty();

  /**
   * Why the stored certificate must be replaced at once although it is valid: it misses a name the
   * configuration added, or came from another CA than the configuration names (as mod_md renews
   * when the CA changes).
   */
  private Optional<String> renewNow = Optional.empty();

  private DomainState state = DomainState.PENDING;
  private int errors;
  private String lastProblem;
  private Instant lastRun;
  private Instant nextRun;
  private boolean renewingAnnounced;
  private volatile DomainStatus status;

  DomainJob(
      ManagedDomain domain,
      CertificateSource source,
      CertStore store,
      CertRegistry registry,
      ManagerSettings settings,
      Clock clock,
      Consumer<CertEvent> events) {
    this.domain = domain;
    this.source = source;
    this.store = store;
    this.registry = registry;
    this.settings = settings;
    this.clock = clock;
    this.events = events;
    publish();
  }

  ManagedDomain domain() {
    return domain;
  }

  DomainStatus status() {
    return status;
  }

  /** Serves the stored certificate at once, or the self-signed stand-in when there is none. */
  void restore() {
    try {
      Optional<CertPair> stored = store.load(domain.name());
      if (stored.isPresent()) {
        install(stored.get());
        note("serving the stored certificate, valid until " + stored.get().notAfter());
        renewNow = reasonToReplace(stored.get());
        renewNow.ifPresent(reason -> note(reason + "; ordering one now, serving this until then"));
      }
    } catch (IOException e) {
      note("could not read the store: " + e.getMessage());
      LOG.warn(
          "{}: could not read the certificate store {}: {}",
          domain.name(),
          store.root(),
          e.getMessage());
    }
    if (current == null) {
      registry.install(
          new CertOwner.StandIn(domain.name()),
          domain.names(),
          SelfSignedCertificates.create(domain.name(), clock.instant()));
    }
    publish();
  }

  /**
   * What to ask the source for now (the {@code min_validity} to send), or empty when nothing is due
   * before the next run.
   */
  Optional<Duration> due() {
    Instant now = clock.instant();
    if (current == null || renewNow.isPresent()) {
      return Optional.of(Duration.ZERO);
    }
    if (!now.isBefore(renewAt())) {
      if (!now.isBefore(warnAt())) {
        // close to expiry and still the old one: make tailscaled renew before it answers
        return Optional.of(Duration.between(now, current.notAfter()).plusMinutes(1));
      }
      return Optional.of(Duration.ZERO);
    }
    return Optional.empty();
  }

  /** Before asking: announce a renewal once per cycle and warn when expiry is near. */
  void beforeFetch() {
    lastRun = clock.instant();
    if (current != null && !renewingAnnounced && !lastRun.isBefore(renewAt())) {
      renewingAnnounced = true;
      state = DomainState.RENEWING;
      emit(
          CertEvent.RENEWING,
          "renewal window reached; asking "
              + (domain.issuer() instanceof Issuer.Tailscale ? "tailscaled" : "the CA")
              + " for a new certificate");
    }
    if (current != null && !lastRun.isBefore(warnAt())) {
      emit(CertEvent.EXPIRING, "the certificate expires at " + current.notAfter());
    }
  }

  /** Handles an answer; returns when to check again. */
  Duration onFetched(CertPair pair) {
    Instant now = clock.instant();
    if (current != null && current.leaf().getSerialNumber().equals(pair.leaf().getSerialNumber())) {
      errors = 0;
      lastProblem = null;
      if (now.isBefore(renewAt())) {
        state = DomainState.VALID;
        note("certificate unchanged and not due");
        return untilNextCheck(now);
      }
      state = DomainState.RENEWING;
      Duration poll = notYetPoll(now);
      note("tailscaled has not renewed the certificate yet; asking again in " + poll);
      return poll;
    }
    try {
      store.save(domain.name(), pair, acmeDirectory());
    } catch (IOException e) {
      return onFailed("storing the new certificate failed: " + e.getMessage(), Optional.empty());
    }
    boolean first = current == null;
    install(pair);
    renewNow = Optional.empty();
    errors = 0;
    lastProblem = null;
    renewingAnnounced = false;
    state = DomainState.VALID;
    note(
        "new certificate, serial "
            + pair.leaf().getSerialNumber().toString(16)
            + ", valid until "
            + pair.notAfter());
    emit(
        CertEvent.RENEWED,
        (first ? "first certificate" : "renewed certificate") + " valid until " + pair.notAfter());
    emit(CertEvent.INSTALLED, "now served for " + domain.name());
    return untilNextCheck(now);
  }

  /** Handles a failure; returns the backoff before the next attempt. */
  Duration onFailed(Throwable failure) {
    Throwable unwrapped = failure;
    while (unwrapped instanceof java.util.concurrent.CompletionException
        && unwrapped.getCause() != null) {
      unwrapped = unwrapped.getCause();
    }
    if (unwrapped instanceof IssuanceException issuance) {
      return onFailed(issuance.getMessage(), issuance.retryAfter());
    }
    LocalApiException cause = LocalApiClient.unwrap(failure);
    Optional<Duration> retryAfter =
        cause instanceof RateLimitedException limited ? limited.retryAfter() : Optional.empty();
    return onFailed(cause.getMessage(), retryAfter);
  }

  private Duration onFailed(String problem, Optional<Duration> retryAfter) {
    errors++;
    lastProblem = problem;
    state = DomainState.ERROR;
    note("error: " + problem);
    LOG.warn(
        "{}: {}{}",
        domain.name(),
        problem,
        current == null ? "" : " (the current certificate is still served)");
    emit(CertEvent.ERRORED, problem);
    Duration backoff = backoff();
    return retryAfter.filter(r -> r.compareTo(backoff) > 0).orElse(backoff);
  }

  /**
   * MDRetryDelay doubled per consecutive failure, capped, with ±20% jitter so restarts do not
   * align.
   */
  Duration backoff() {
    Duration base = settings.retryDelay();
    int doublings = Math.min(errors - 1, 30);
    Duration delay = base.multipliedBy(1L << Math.max(0, doublings));
    if (delay.compareTo(ManagerSettings.MAX_RETRY_DELAY) > 0 || delay.isNegative()) {
      delay = ManagerSettings.MAX_RETRY_DELAY;
    }
    double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
    return Duration.ofMillis((long) (delay.toMillis() * jitter));
  }

  Duration untilNextCheck() {
    return untilNextCheck(clock.instant());
  }

  private Duration untilNextCheck(Instant now) {
    if (current == null) {
      return settings.retryDelay();
    }
    Duration toRenewal = Duration.between(now, renewAt());
    Duration wait = toRenewal.isNegative() ? notYetPoll(now) : toRenewal;
    return wait.compareTo(settings.checkInterval()) < 0 ? wait : settings.checkInterval();
  }

  /**
   * When to ask again while tailscaled renews behind its answers: a tenth of the remaining lifetime
   * (within {@link #MIN_NOT_YET_POLL} and {@link #MAX_NOT_YET_POLL}), and never later than the warn
   * point, from which the ask carries {@code min_validity} and tailscaled renews before it answers.
   * A fixed hour once let a 60-second certificate expire while tailscaled had a new one ready.
   */
  private Duration notYetPoll(Instant now) {
    Duration poll = Duration.between(now, current.notAfter()).dividedBy(10);
    if (poll.compareTo(MIN_NOT_YET_POLL) < 0) {
      poll = MIN_NOT_YET_POLL;
    }
    if (poll.compareTo(MAX_NOT_YET_POLL) > 0) {
      poll = MAX_NOT_YET_POLL;
    }
    Duration toWarn = Duration.between(now, warnAt());
    if (!toWarn.isNegative() && !toWarn.isZero() && toWarn.compareTo(poll) < 0) {
      poll = toWarn;
    }
    return poll;
  }

  void scheduled(Duration delay) {
    nextRun = clock.instant().plus(delay);
    publish();
  }

  private void install(CertPair pair) {
    registry.install(new CertOwner.ManagedDomain(domain.name()), domain.names(), pair);
    registry.remove(new CertOwner.StandIn(domain.name()));
    current = pair;
    advisedRenewal = Optional.empty();
    if (state == DomainState.PENDING) {
      state = DomainState.VALID;
    }
  }

  /**
   * The issuer's suggestion when it made one (ACME renewal information may move renewal earlier,
   * after a revocation, or later), else the renew window.
   */
  private Instant renewAt() {
    return advisedRenewal.orElseGet(
        () -> domain.renewWindow().startsAt(current.notBefore(), current.notAfter()));
  }

  /** The certificate served now, if a real one is. */
  Optional<CertPair> current() {
    return Optional.ofNullable(current);
  }

  /**
   * Whether to ask the issuer for renewal advice before deciding: only for a certificate that is
   * not yet due, since a due one is renewed anyway.
   */
  boolean wantsAdvice() {
    return current != null && renewNow.isEmpty() && clock.instant().isBefore(renewAt());
  }

  private Optional<String> acmeDirectory() {
    return domain.issuer() instanceof Issuer.Acme
        ? Optional.of(domain.issuer().location())
        : Optional.empty();
  }

  private Optional<String> reasonToReplace(CertPair stored) {
    for (String name : domain.names()) {
      try {
        CertPairVerifier.verify(stored, name, clock.instant());
      } catch (InvalidCertPairException e) {
        return Optional.of("the stored certificate does not cover " + name);
      }
    }
    Optional<String> origin = store.origin(domain.name());
    Optional<String> configured = acmeDirectory();
    if (configured.isPresent() && origin.isPresent() && !origin.equals(configured)) {
      return Optional.of(
          "the stored certificate is from "
              + origin.get()
              + ", the configuration names "
              + configured.get());
    }
    return Optional.empty();
  }

  /** The issuer's renewal advice for the current certificate (empty: none, use the window). */
  void advised(Optional<Instant> suggestion) {
    Optional<Instant> before = advisedRenewal;
    advisedRenewal = suggestion.filter(at -> current != null && at.isBefore(current.notAfter()));
    if (!advisedRenewal.equals(before) && advisedRenewal.isPresent()) {
      note("the CA suggests renewing at " + advisedRenewal.get());
    }
    publish();
  }

  private Instant warnAt() {
    return domain.warnWindow().startsAt(current.notBefore(), current.notAfter());
  }

  private void emit(String name, String detail) {
    events.accept(new CertEvent(name, domain.name(), clock.instant(), detail));
  }

  private void note(String entry) {
    log.addLast(clock.instant() + " " + entry);
    while (log.size() > LOG_SIZE) {
      log.removeFirst();
    }
    publish();
  }

  private void publish() {
    Optional<DomainStatus.CertificateInfo> info = Optional.ofNullable(current).map(DomainJob::info);
    status =
        new DomainStatus(
            domain.name(),
            domain.names(),
            source.protocol(),
            domain.issuer().location(),
            state,
            info,
            Optional.ofNullable(current).map(c -> renewAt()),
            Optional.ofNullable(current).map(c -> warnAt()),
            errors,
            Optional.ofNullable(lastProblem),
            Optional.ofNullable(lastRun),
            Optional.ofNullable(nextRun),
            List.copyOf(log),
            Optional.empty());
  }

  private static DomainStatus.CertificateInfo info(CertPair pair) {
    String fingerprint;
    try {
      fingerprint =
          HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(pair.leaf().getEncoded()));
    } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
      fingerprint = "";
    }
    return new DomainStatus.CertificateInfo(
        pair.notBefore(), pair.notAfter(), pair.leaf().getSerialNumber().toString(16), fingerprint);
  }
}
