package dev.tailgate.certs.managed;

import dev.tailgate.certs.CertRegistry;
import dev.tailgate.certs.events.CertEventListener;
import dev.tailgate.certs.events.EventDispatch;
import dev.tailgate.certs.store.CertStore;
import dev.tailgate.localapi.cert.CertPair;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every managed domain's certificate valid, like mod_md's watchdog: one job per domain, one
 * scheduler thread, sources asked asynchronously so a slow first issuance for one domain delays no
 * other. Start-up never waits for the source: stored certificates are served at once and a missing
 * one is fetched in the background while a self-signed stand-in is served.
 */
public final class CertManager implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CertManager.class);

  private final Map<String, DomainJob> jobs = new ConcurrentHashMap<>();
  private final Map<String, CertificateSource> sources = new ConcurrentHashMap<>();
  private final Function<ManagedDomain, CertificateSource> sourceFor;
  private final CertStore store;
  private final CertRegistry registry;
  private final ManagerSettings settings;
  private final Clock clock;
  private volatile boolean started;
  private final ScheduledExecutorService scheduler;
  private final EventDispatch events;
  private final BiConsumer<String, CertPair> served;
  private volatile boolean closed;

  public CertManager(
      List<ManagedDomain> domains,
      ManagerSettings settings,
      Function<ManagedDomain, CertificateSource> sourceFor,
      CertRegistry registry,
      CertEventListener listener,
      Clock clock) {
    this(domains, settings, sourceFor, registry, new EventDispatch(listener), clock, (d, p) -> {});
  }

  /**
   * @param events where events go, shared with jobs beside this manager (OCSP stapling) so they
   *     share one throttle
   * @param served told the domain and certificate each time a domain's served certificate changes
   *     (the stored one at start, each new one after), on the manager's thread: the OCSP stapler
   *     follows it
   */
  public CertManager(
      List<ManagedDomain> domains,
      ManagerSettings settings,
      Function<ManagedDomain, CertificateSource> sourceFor,
      CertRegistry registry,
      EventDispatch events,
      Clock clock,
      BiConsumer<String, CertPair> served) {
    this.events = events;
    this.served = served;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tailgate-certs");
              t.setDaemon(true);
              return t;
            });
    this.sourceFor = sourceFor;
    this.store = new CertStore(settings.storeDir(), clock);
    this.registry = registry;
    this.settings = settings;
    this.clock = clock;
    for (ManagedDomain domain : domains) {
      register(domain);
    }
  }

  private DomainJob register(ManagedDomain domain) {
    CertificateSource source = sourceFor.apply(domain);
    sources.put(domain.name(), source);
    DomainJob job = new DomainJob(domain, source, store, registry, settings, clock, events);
    jobs.put(domain.name(), job);
    return job;
  }

  /**
   * Manages one more domain from now on, for names learned at run time ({@code MDomain auto} asks
   * tailscaled for the node's name). Does nothing if the domain is already managed.
   */
  public synchronized void add(ManagedDomain domain) {
    if (jobs.containsKey(domain.name())) {
      return;
    }
    DomainJob job = register(domain);
    if (started) {
      job.restore();
      announce(job);
      schedule(job, Duration.ZERO);
    }
  }

  /**
   * Serves what is stored (or the stand-in) right away, then checks every domain in the background.
   */
  public synchronized void start() {
    started = true;
    for (DomainJob job : jobs.values()) {
      job.restore();
      announce(job);
      schedule(job, Duration.ZERO);
    }
  }

  /**
   * Checks {@code domain} now instead of at its scheduled time (after a reload, or from the CLI).
   */
  public void checkNow(String domain) {
    DomainJob job = jobs.get(domain);
    if (job != null) {
      schedule(job, Duration.ZERO);
    }
  }

  public List<DomainStatus> status() {
    List<DomainStatus> all = new ArrayList<>();
    jobs.values().forEach(job -> all.add(job.status()));
    all.sort(java.util.Comparator.comparing(DomainStatus::name));
    return all;
  }

  public Optional<DomainStatus> status(String domain) {
    return Optional.ofNullable(jobs.get(domain)).map(DomainJob::status);
  }

  private void schedule(DomainJob job, Duration delay) {
    if (closed) {
      return;
    }
    job.scheduled(delay);
    scheduler.schedule(() -> check(job), delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void check(DomainJob job) {
    if (job.wantsAdvice()) {
      CertificateSource source = sources.get(job.domain().name());
      source
          .renewalAdvice(job.current().orElseThrow())
          .whenCompleteAsync(
              (advice, failure) -> {
                if (failure == null) {
                  job.advised(advice);
                } else {
                  LOG.debug(
                      "{}: no renewal advice from the CA: {}",
                      job.domain().name(),
                      failure.toString());
                }
                decide(job);
              },
              scheduler);
      return;
    }
    decide(job);
  }

  private void decide(DomainJob job) {
    Optional<Duration> ask = job.due();
    if (ask.isEmpty()) {
      schedule(job, job.untilNextCheck());
      return;
    }
    job.beforeFetch();
    Optional<CertPair> before = job.current();
    sources
        .get(job.domain().name())
        .fetch(job.domain().name(), ask.get(), job.current())
        .whenCompleteAsync(
            (pair, failure) -> {
              Duration next;
              try {
                next = failure == null ? job.onFetched(pair) : job.onFailed(failure);
              } catch (RuntimeException e) {
                LOG.error(
                    "{}: unexpected failure handling the certificate answer",
                    job.domain().name(),
                    e);
                next = job.backoff();
              }
              if (job.current().orElse(null) != before.orElse(null)) {
                announce(job);
              }
              schedule(job, next);
            },
            scheduler);
  }

  /** Tells {@code served} the certificate the job now serves, if any. */
  private void announce(DomainJob job) {
    job.current()
        .ifPresent(
            pair -> {
              try {
                served.accept(job.domain().name(), pair);
              } catch (RuntimeException e) {
                LOG.warn(
                    "{}: could not hand the new certificate on: {}",
                    job.domain().name(),
                    e.toString());
              }
            });
  }

  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
  }
}
