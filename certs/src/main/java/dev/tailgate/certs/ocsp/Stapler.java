package dev.tailgate.certs.ocsp;

import dev.tailgate.certs.events.CertEvent;
import dev.tailgate.certs.store.CertStore;
import dev.tailgate.localapi.cert.CertPair;
import java.io.IOException;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.cert.ocsp.CertificateID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a fresh OCSP answer for the served certificate of each domain with {@code MDStapling on},
 * as mod_md's stapling does: the stored answer is used at once after a restart, a new one is asked
 * for once a third of the current one's validity remains, and only an answer that passed {@link
 * OcspAnswers#check} replaces the one stapled. A responder that fails is retried with backoff while
 * the current answer keeps being stapled until it goes stale; then nothing is stapled (a client
 * without a staple asks the CA itself, or soft-fails), never a stale answer.
 *
 * <p>One thread; each domain's state is touched only on it.
 */
public final class Stapler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Stapler.class);

  /** Never ask again sooner than this, however short-lived the answers. */
  static final Duration MIN_DELAY = Duration.ofSeconds(1);

  /** Failures back off up to this, as certificate renewals do. */
  static final Duration MAX_DELAY = Duration.ofHours(1);

  /**
   * One domain's stapling, for md-status and {@code tailgate certs}.
   *
   * @param responder the responder the served certificate names, when it names one
   * @param staple the answer stapled now
   * @param note why nothing is stapled, when that is not a failure (no responder, no issuer)
   */
  public record Status(
      String domain,
      Optional<URI> responder,
      Optional<OcspStaple> staple,
      Optional<Instant> nextRun,
      int errors,
      Optional<String> lastProblem,
      Optional<String> note) {}

  private final StapleBook book;
  private final CertStore store;
  private final Duration retryDelay;
  private final Consumer<CertEvent> events;
  private final Clock clock;
  private final Map<String, Job> jobs = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tailgate-ocsp");
            t.setDaemon(true);
            return t;
          });

  public Stapler(
      StapleBook book,
      CertStore store,
      Duration retryDelay,
      Consumer<CertEvent> events,
      Clock clock) {
    this.book = book;
    this.store = store;
    this.retryDelay = retryDelay;
    this.events = events;
    this.clock = clock;
  }

  /** {@code domain} serves {@code pair} from now on: staple for it. */
  public void served(String domain, CertPair pair) {
    try {
      scheduler.execute(() -> begin(domain, pair));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed: a reload's new stapler is told by its own manager
    }
  }

  public Optional<Status> status(String domain) {
    return Optional.ofNullable(jobs.get(domain)).map(job -> job.status);
  }

  /** Stops asking; what is stapled stays in the book for the next stapler (a reload). */
  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  private void begin(String domain, CertPair pair) {
    Job previous = jobs.get(domain);
    if (previous != null) {
      previous.cancel();
      if (!previous.leaf.getSerialNumber().equals(pair.leaf().getSerialNumber())) {
        book.remove(previous.leaf.getSerialNumber());
      }
    }
    Job job = new Job(domain, pair);
    jobs.put(domain, job);
    if (pair.chain().size() < 2) {
      job.publish("the chain has no issuer certificate, so no OCSP request can name it");
      return;
    }
    if (job.responder.isEmpty()) {
      job.publish("the certificate names no OCSP responder: nothing to staple");
      return;
    }
    try {
      job.id = OcspAnswers.idOf(job.leaf, job.issuer);
    } catch (OcspException e) {
      job.lastProblem = e.getMessage();
      job.publish(null);
      return;
    }
    Optional<byte[]> stored = store.loadStaple(domain, job.leaf.getSerialNumber());
    if (stored.isPresent()) {
      try {
        use(job, OcspAnswers.check(stored.get(), job.leaf, job.issuer, clock.instant()));
      } catch (OcspException e) {
        LOG.info(
            "{}: the stored OCSP answer is not usable ({}); asking anew", domain, e.getMessage());
      }
    }
    if (job.staple != null && job.staple.refreshAt().isAfter(clock.instant())) {
      schedule(job, Duration.between(clock.instant(), job.staple.refreshAt()));
    } else {
      ask(job);
    }
  }

  private void ask(Job job) {
    OcspClient.ask(job.responder.get(), job.leaf, job.issuer)
        .whenCompleteAsync((der, failure) -> answered(job, der, failure), scheduler);
  }

  private void answered(Job job, byte[] der, Throwable failure) {
    if (jobs.get(job.domain) != job) {
      return; // the domain serves another certificate now
    }
    try {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        throw cause instanceof OcspException ocsp
            ? ocsp
            : new OcspException("asking the OCSP responder failed: " + cause, cause);
      }
      OcspStaple staple = OcspAnswers.check(der, job.leaf, job.issuer, clock.instant());
      if (staple.status() == OcspStaple.CertStatus.UNKNOWN) {
        // stapling "unknown" tells a client nothing, and some treat it as a failure
        throw new OcspException("the OCSP responder does not know this certificate (\"unknown\")");
      }
      try {
        store.saveStaple(job.domain, job.leaf.getSerialNumber(), der);
      } catch (IOException e) {
        LOG.warn(
            "{}: the OCSP answer is stapled but could not be stored in {}: {}",
            job.domain,
            store.root(),
            e.getMessage());
      }
      use(job, staple);
      job.errors = 0;
      job.lastProblem = null;
      events.accept(
          new CertEvent(
              CertEvent.OCSP_RENEWED,
              job.domain,
              clock.instant(),
              "the CA says "
                  + staple.status().word()
                  + " for serial "
                  + staple.serial().toString(16)
                  + ", stapled until "
                  + staple.nextUpdate()));
      if (staple.status() != OcspStaple.CertStatus.GOOD) {
        LOG.warn(
            "{}: the CA's OCSP responder says the served certificate is {}",
            job.domain,
            staple.status().word());
      }
      schedule(job, untilNextAsk(staple));
    } catch (OcspException e) {
      job.errors++;
      job.lastProblem = e.getMessage();
      events.accept(
          new CertEvent(CertEvent.OCSP_ERRORED, job.domain, clock.instant(), e.getMessage()));
      schedule(job, backoff(job.errors));
    }
  }

  /**
   * When to ask again after {@code staple} arrived: at its refresh point, or, when the responder
   * handed out an answer already past it (CAs serve answers they made in advance), calmly, a
   * quarter of its remaining validity later and at most hourly, until a newer one comes: never in a
   * loop.
   */
  private Duration untilNextAsk(OcspStaple staple) {
    Instant now = clock.instant();
    if (staple.refreshAt().isAfter(now)) {
      return Duration.between(now, staple.refreshAt());
    }
    Duration wait = Duration.between(now, staple.nextUpdate()).dividedBy(4);
    return wait.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : wait;
  }

  private void use(Job job, OcspStaple staple) {
    job.staple = staple;
    book.put(job.domain, job.id, staple);
  }

  private Duration backoff(int errors) {
    Duration delay = retryDelay.multipliedBy(1L << Math.min(errors - 1, 20));
    return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
  }

  private void schedule(Job job, Duration delay) {
    Duration wait = delay.compareTo(MIN_DELAY) < 0 ? MIN_DELAY : delay;
    job.nextRun = clock.instant().plus(wait);
    job.publish(null);
    try {
      job.pending = scheduler.schedule(() -> ask(job), wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // closed by a reload or stop
    }
  }

  /** One domain's served certificate and what is known about its OCSP status. */
  private static final class Job {
    final String domain;
    final X509Certificate leaf;
    final X509Certificate issuer;
    final Optional<URI> responder;
    CertificateID id;
    OcspStaple staple;
    int errors;
    String lastProblem;
    Instant nextRun;
    ScheduledFuture<?> pending;
    volatile Status status;

    Job(String domain, CertPair pair) {
      this.domain = domain;
      this.leaf = pair.leaf();
      this.issuer = pair.chain().size() > 1 ? pair.chain().get(1) : null;
      this.responder = OcspClient.responderOf(leaf);
      publish(null);
    }

    void publish(String note) {
      status =
          new Status(
              domain,
              responder,
              Optional.ofNullable(staple),
              Optional.ofNullable(nextRun),
              errors,
              Optional.ofNullable(lastProblem),
              Optional.ofNullable(note));
    }

    void cancel() {
      if (pending != null) {
        pending.cancel(false);
      }
    }
  }
}
