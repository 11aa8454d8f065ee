package dev.tailgate.certs.managed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.certs.CertOwner;
import dev.tailgate.certs.CertRegistry;
import dev.tailgate.certs.ServedCertificate;
import dev.tailgate.certs.events.CertEvent;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.cert.CertPair;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.TestClock;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The certificate manager against the fake tailscaled over its real socket, sharing one test clock
 * so that "65 days later" is a method call. Events are the synchronisation: each step waits for the
 * event a person would see in the log.
 */
class CertManagerTest {
  private static final String DOMAIN = "vps.headless-chicken.ts.net";

  @TempDir Path store;
  private final TestClock clock = new TestClock(Instant.parse("2026-11-25T12:00:00Z"));
  private final BlockingQueue<CertEvent> events = new LinkedBlockingQueue<>();
  private final List<AutoCloseable> closing = new ArrayList<>();
  private FakeTailscaled fake;
  private CertRegistry registry;

  @BeforeEach
  void start() {
    fake = FakeTailscaled.builder().tailnet(FakeTailnet.example()).clock(clock).start();
    closing.add(fake);
    registry = new CertRegistry(clock);
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  private CertManager manager(Duration retryDelay) throws Exception {
    LocalApiClient client = LocalApiClient.builder().socket(fake.socketPath()).clock(clock).build();
    closing.add(client);
    ManagedDomain domain =
        new ManagedDomain(
            DOMAIN, fake.socketPath(), RenewWindow.percent(33), RenewWindow.percent(10), "test:1");
    ManagerSettings settings =
        new ManagerSettings(store, retryDelay, Duration.ofHours(12), List.of(), List.of());
    CertManager manager =
        new CertManager(
            List.of(domain),
            settings,
            d -> new TailscaleCertificateSource(client),
            registry,
            events::add,
            clock);
    closing.add(manager);
    return manager;
  }

  private CertEvent next(String name) throws InterruptedException {
    for (; ; ) {
      CertEvent event = events.poll(20, TimeUnit.SECONDS);
      assertThat(event).as("waiting for the %s event", name).isNotNull();
      if (event.name().equals(name)) {
        return event;
      }
    }
  }

  private BigInteger servedSerial() {
    return registry.forName(DOMAIN).map(ServedCertificate::leaf).orElseThrow().getSerialNumber();
  }

  private CertOwner servedOwner() {
    return registry.forName(DOMAIN).map(ServedCertificate::owner).orElseThrow();
  }

  @Test
  void theFirstCertificateGoesLiveWhenItArrivesWithAStandInBefore() throws Exception {
    CertManager manager = manager(Duration.ofMillis(50));
    manager.start();
    // the stand-in is served before any answer from tailscaled
    assertThat(servedOwner())
        .isIn(new CertOwner.StandIn(DOMAIN), new CertOwner.ManagedDomain(DOMAIN));

    next(CertEvent.INSTALLED);

    assertThat(servedOwner()).isEqualTo(new CertOwner.ManagedDomain(DOMAIN));
    assertThat(servedSerial()).isEqualTo(fake.certs().get(DOMAIN, Duration.ZERO).serial());
    assertThat(manager.status(DOMAIN).orElseThrow().state()).isEqualTo(DomainState.VALID);
    Path key = store.resolve("domains").resolve(DOMAIN).resolve("privkey.pem");
    assertThat(Files.getPosixFilePermissions(key))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(Files.readString(store.resolve("domains").resolve(DOMAIN).resolve("pubcert.pem")))
        .startsWith("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void afterARestartTheStoredCertificateIsServedWithoutAskingTailscaled() throws Exception {
    manager(Duration.ofMillis(50)).start();
    next(CertEvent.INSTALLED);
    BigInteger first = servedSerial();
    long certCalls = fake.requests().to("cert/" + DOMAIN).size();
    assertThat(certCalls).as("the first certificate was fetched").isPositive();
    registry = new CertRegistry(clock);

    CertManager restarted = manager(Duration.ofMillis(50));
    restarted.start();

    assertThat(servedOwner()).isEqualTo(new CertOwner.ManagedDomain(DOMAIN));
    assertThat(servedSerial()).isEqualTo(first);
    assertThat(restarted.status(DOMAIN).orElseThrow().state()).isEqualTo(DomainState.VALID);
    assertThat(fake.requests().to("cert/" + DOMAIN)).hasSize((int) certCalls);
  }

  @Test
  void theSameCertificateInTheRenewWindowIsNotYetNotAnError() throws Exception {
    CertManager manager = manager(Duration.ofMillis(50));
    manager.start();
    next(CertEvent.INSTALLED);
    BigInteger first = servedSerial();

    clock.advance(Duration.ofDays(65)); // past 2/3 of a 90-day lifetime, before the 10% warn window
    manager.checkNow(DOMAIN);
    next(CertEvent.RENEWING);
    awaitStatus(
        manager,
        s -> s.log().stream().anyMatch(l -> l.contains("has not renewed the certificate yet")));

    assertThat(events).noneMatch(e -> e.name().equals(CertEvent.ERRORED));
    assertThat(servedSerial()).isEqualTo(first);
    assertThat(manager.status(DOMAIN).orElseThrow().errors()).isZero();
    assertThat(manager.status(DOMAIN).orElseThrow().state()).isEqualTo(DomainState.RENEWING);

    fake.renew(DOMAIN);
    manager.checkNow(DOMAIN);
    CertEvent renewed = next(CertEvent.RENEWED);

    assertThat(renewed.detail()).startsWith("renewed certificate");
    assertThat(servedSerial())
        .isNotEqualTo(first)
        .isEqualTo(fake.certs().get(DOMAIN, Duration.ZERO).serial());
    assertThat(Files.list(store.resolve("archive")))
        .anyMatch(p -> p.getFileName().toString().equals(DOMAIN + ".1"));
  }

  @Test
  void notYetIsAskedAgainSoonerAsExpiryNearsAndFromTheWarnPointWithMinValidity() throws Exception {
    fake.close();
    fake =
        FakeTailscaled.builder()
            .tailnet(FakeTailnet.example())
            .clock(clock)
            .certLifetime(Duration.ofSeconds(100))
            .backgroundRenewal(
                false) // a daemon still renewing: it keeps answering with the old one
            .start();
    closing.add(fake);
    CertManager manager = manager(Duration.ofMillis(50));
    manager.start();
    next(CertEvent.INSTALLED);
    BigInteger first = servedSerial();

    // 70 s: in the renew window (from 67 s), 30 s left: ask again in a tenth of that, not in an
    // hour
    clock.advance(Duration.ofSeconds(70));
    manager.checkNow(DOMAIN);
    Instant at70 = clock.instant();
    awaitStatus(manager, s -> s.nextRun().equals(Optional.of(at70.plusSeconds(3))));

    // 89 s: a tenth of 11 s is under the 2 s floor, but the warn point (90 s) comes first
    clock.advance(Duration.ofSeconds(19));
    manager.checkNow(DOMAIN);
    Instant at89 = clock.instant();
    awaitStatus(manager, s -> s.nextRun().equals(Optional.of(at89.plusSeconds(1))));
    assertThat(servedSerial()).isEqualTo(first);

    // 90 s: from the warn point the ask carries min_validity, and tailscaled renews before it
    // answers
    clock.advance(Duration.ofSeconds(1));
    manager.checkNow(DOMAIN);
    next(CertEvent.RENEWED);
    assertThat(servedSerial()).isNotEqualTo(first);
    List<String> minValidities =
        fake.requests().to("cert/" + DOMAIN).stream().map(r -> r.param("min_validity")).toList();
    assertThat(minValidities).last().isNotIn("", "0s", null);
    assertThat(events).noneMatch(e -> e.name().equals(CertEvent.ERRORED));
  }

  @Test
  void tailscaledDownAtStartupIsRetriedUntilItComesBack() throws Exception {
    fake.down();
    CertManager manager = manager(Duration.ofMillis(50));
    manager.start();

    CertEvent errored = next(CertEvent.ERRORED);
    assertThat(errored.detail()).contains("does not exist");
    assertThat(servedOwner()).isEqualTo(new CertOwner.StandIn(DOMAIN));
    assertThat(manager.status(DOMAIN).orElseThrow().state()).isEqualTo(DomainState.ERROR);

    fake.up();
    next(CertEvent.INSTALLED);

    assertThat(servedOwner()).isEqualTo(new CertOwner.ManagedDomain(DOMAIN));
    assertThat(manager.status(DOMAIN).orElseThrow().errors()).isZero();
  }

  @Test
  void aPairWhoseKeyDoesNotMatchIsRejectedAndTheOldSetKept() throws Exception {
    CertManager manager = manager(Duration.ofMillis(50));
    manager.start();
    next(CertEvent.INSTALLED);
    BigInteger first = servedSerial();
    String storedBefore =
        Files.readString(store.resolve("domains").resolve(DOMAIN).resolve("pubcert.pem"));
    String otherKey = fake.ca().issue("other.headless-chicken.ts.net").keyPem();
    String mismatched = otherKey + fake.ca().issue(DOMAIN).chainPem();
    fake.faults().garbage(mismatched, dev.tailgate.testkit.LocalApiRoute.CERT);

    clock.advance(Duration.ofDays(65));
    manager.checkNow(DOMAIN);
    CertEvent errored = next(CertEvent.ERRORED);

    assertThat(errored.detail()).contains("does not match the certificate");
    assertThat(servedSerial()).isEqualTo(first);
    assertThat(Files.readString(store.resolve("domains").resolve(DOMAIN).resolve("pubcert.pem")))
        .isEqualTo(storedBefore);
  }

  @Test
  void aCorruptStoreIsSetAsideAndACertificateFetchedAgain() throws Exception {
    manager(Duration.ofMillis(50)).start();
    next(CertEvent.INSTALLED);
    Files.writeString(
        store.resolve("domains").resolve(DOMAIN).resolve("pubcert.pem"),
        "-----BEGIN CERTIFICATE-----\nAAAA\n");
    registry = new CertRegistry(clock);

    manager(Duration.ofMillis(50)).start();
    next(CertEvent.INSTALLED);

    assertThat(servedOwner()).isEqualTo(new CertOwner.ManagedDomain(DOMAIN));
    assertThat(Files.list(store.resolve("archive")))
        .anyMatch(p -> p.getFileName().toString().startsWith(DOMAIN + ".corrupt"));
  }

  @Test
  void permissionAndHttpsProblemsAreReportedWithTheirFix() throws Exception {
    fake.faults().denyCerts();
    CertManager manager = manager(Duration.ofMillis(50));
    manager.start();

    assertThat(next(CertEvent.ERRORED).detail()).contains("TS_PERMIT_CERT_UID");
    assertThat(manager.status(DOMAIN).orElseThrow().lastProblem())
        .hasValueSatisfying(p -> assertThat(p).contains("operator"));
  }

  @Test
  void aDomainTailscaledCannotIssueForIsAnErrorListingTheAllowedNames() throws Exception {
    // upstream test_780_003: a name outside the node's certificate domains
    LocalApiClient client = LocalApiClient.builder().socket(fake.socketPath()).clock(clock).build();
    closing.add(client);
    ManagedDomain wrong =
        new ManagedDomain(
            "test.not-correct.ts.net",
            fake.socketPath(),
            RenewWindow.percent(33),
            RenewWindow.percent(10),
            "test:1");
    ManagerSettings settings =
        new ManagerSettings(
            store, Duration.ofMillis(50), Duration.ofHours(12), List.of(), List.of());
    CertManager manager =
        new CertManager(
            List.of(wrong),
            settings,
            d -> new TailscaleCertificateSource(client),
            registry,
            events::add,
            clock);
    closing.add(manager);
    manager.start();

    CertEvent errored = next(CertEvent.ERRORED);

    assertThat(errored.detail())
        .contains("only issues certificates for this node's exact names: " + DOMAIN);
    assertThat(registry.forName("test.not-correct.ts.net").orElseThrow().owner())
        .isEqualTo(new CertOwner.StandIn("test.not-correct.ts.net"));
  }

  @Test
  void aRegularFileWhereTheSocketShouldBeIsReportedAsSuch() throws Exception {
    Path notASocket = Files.writeString(store.resolve("not-a-socket"), "");
    LocalApiClient client = LocalApiClient.builder().socket(notASocket).clock(clock).build();
    closing.add(client);
    ManagedDomain domain =
        new ManagedDomain(
            DOMAIN, notASocket, RenewWindow.percent(33), RenewWindow.percent(10), "t");
    ManagerSettings settings =
        new ManagerSettings(
            store, Duration.ofMillis(50), Duration.ofHours(12), List.of(), List.of());
    CertManager manager =
        new CertManager(
            List.of(domain),
            settings,
            d -> new TailscaleCertificateSource(client),
            registry,
            events::add,
            clock);
    closing.add(manager);
    manager.start();

    assertThat(next(CertEvent.ERRORED).detail())
        .contains("is a regular file, not tailscaled's socket");
  }

  @Test
  void errorsBackOffExponentiallyFromTheRetryDelay() throws Exception {
    ManagedDomain domain =
        new ManagedDomain(
            DOMAIN, Path.of("/nonexistent"), RenewWindow.percent(33), RenewWindow.percent(10), "t");
    ManagerSettings settings =
        new ManagerSettings(
            store, Duration.ofSeconds(5), Duration.ofHours(12), List.of(), List.of());
    DomainJob job =
        new DomainJob(
            domain,
            new TailscaleCertificateSource(null),
            new dev.tailgate.certs.store.CertStore(store, clock),
            registry,
            settings,
            clock,
            e -> {});
    List<Duration> waits = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      waits.add(job.onFailed(new dev.tailgate.localapi.LocalApiException("boom")));
    }

    assertThat(waits.get(0)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
    assertThat(waits.get(3)).isBetween(Duration.ofSeconds(32), Duration.ofSeconds(48));
    assertThat(waits.get(11)).isBetween(Duration.ofMinutes(48), Duration.ofMinutes(72));
  }

  @Test
  void theIssuersRenewalAdviceReplacesTheRenewWindow() throws Exception {
    LocalApiClient client = LocalApiClient.builder().socket(fake.socketPath()).clock(clock).build();
    closing.add(client);
    TailscaleCertificateSource tailscale = new TailscaleCertificateSource(client);
    java.util.concurrent.atomic.AtomicReference<Optional<Instant>> advice =
        new java.util.concurrent.atomic.AtomicReference<>(Optional.empty());
    // what an ACME CA's renewal information (RFC 9773) says, in front of a real source
    CertificateSource advised =
        new CertificateSource() {
          @Override
          public String protocol() {
            return "advised";
          }

          @Override
          public java.util.concurrent.CompletableFuture<CertPair> fetch(
              String domain, Duration minValidity, Optional<CertPair> current) {
            return tailscale.fetch(domain, minValidity, current);
          }

          @Override
          public java.util.concurrent.CompletableFuture<Optional<Instant>> renewalAdvice(
              CertPair current) {
            return java.util.concurrent.CompletableFuture.completedFuture(advice.get());
          }
        };
    ManagedDomain domain =
        new ManagedDomain(
            DOMAIN, fake.socketPath(), RenewWindow.percent(33), RenewWindow.percent(10), "test:1");
    CertManager manager =
        new CertManager(
            List.of(domain),
            new ManagerSettings(
                store, Duration.ofMillis(50), Duration.ofHours(12), List.of(), List.of()),
            d -> advised,
            registry,
            events::add,
            clock);
    closing.add(manager);
    manager.start();
    next(CertEvent.INSTALLED);
    Instant window = manager.status(DOMAIN).orElseThrow().renewAt().orElseThrow();

    // the CA asks for renewal now, two months before the window (a revocation, say)
    advice.set(Optional.of(clock.instant()));
    manager.checkNow(DOMAIN);

    assertThat(next(CertEvent.RENEWING).detail()).contains("renewal window reached");
    assertThat(clock.instant()).isBefore(window.minus(Duration.ofDays(30)));
    assertThat(manager.status(DOMAIN).orElseThrow().log())
        .anyMatch(line -> line.contains("the CA suggests renewing at"));
  }

  @Test
  void aCasRetryAfterIsWaitedOutEvenWhenTheBackoffIsShorter() throws Exception {
    ManagedDomain domain =
        new ManagedDomain(
            DOMAIN, fake.socketPath(), RenewWindow.percent(33), RenewWindow.percent(10), "test:1");
    DomainJob job =
        new DomainJob(
            domain,
            new TailscaleCertificateSource(null),
            new dev.tailgate.certs.store.CertStore(store, clock),
            registry,
            new ManagerSettings(
                store, Duration.ofSeconds(5), Duration.ofHours(12), List.of(), List.of()),
            clock,
            e -> {});

    Duration wait =
        job.onFailed(
            new java.util.concurrent.CompletionException(
                new IssuanceException(
                    "the CA limits this account: too many certificates",
                    Optional.of(Duration.ofMinutes(40)),
                    null)));

    assertThat(wait).isEqualTo(Duration.ofMinutes(40));
    assertThat(job.status().lastProblem())
        .contains("the CA limits this account: too many certificates");
  }

  /** Polls the published status with a deadline: the manager's thread publishes, this one reads. */
  private void awaitStatus(
      CertManager manager, java.util.function.Predicate<DomainStatus> condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.test(manager.status(DOMAIN).orElseThrow())) {
      assertThat(System.nanoTime()).as("waiting for the status to change").isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
    }
  }
}
