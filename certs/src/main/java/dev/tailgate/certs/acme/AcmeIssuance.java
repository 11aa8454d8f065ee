package dev.tailgate.certs.acme;

import dev.tailgate.certs.CertRegistry;
import dev.tailgate.certs.managed.CertificateSource;
import dev.tailgate.certs.managed.ManagedDomain;
import dev.tailgate.localapi.cert.CertPair;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Everything ACME that outlives a reload: the threads orders run on, the accounts (one store, one
 * lock), the challenge answers, and the orders in flight. A reload builds a new certificate
 * manager, but an order it started keeps running and keeps its answers up, and the new manager's
 * first ask for the same names joins it instead of ordering twice (a CA counts duplicate orders
 * against its limits, and a withdrawn answer fails a validation).
 */
public final class AcmeIssuance implements AutoCloseable {
  /** ACME orders at once: a CA that hangs on one domain does not hold up another. */
  private static final int THREADS = 2;

  private final ChallengeResponses challenges;
  private final ExecutorService threads =
      Executors.newFixedThreadPool(
          THREADS,
          r -> {
            Thread t = new Thread(r, "tailgate-acme");
            t.setDaemon(true);
            return t;
          });
  private final Map<Path, AcmeAccounts> accounts = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<CertPair>> inFlight = new ConcurrentHashMap<>();

  public AcmeIssuance(CertRegistry registry) {
    this.challenges = new ChallengeResponses(registry);
  }

  public ChallengeResponses challenges() {
    return challenges;
  }

  /** The source for one ACME domain, with accounts in {@code storeDir}. */
  public CertificateSource source(ManagedDomain domain, Path storeDir, Clock clock) {
    AcmeAccounts store = accounts.computeIfAbsent(storeDir, AcmeAccounts::new);
    return new AcmeCertificateSource(domain, store, challenges, this, clock);
  }

  /**
   * The order for {@code names} at {@code directory}: the one in flight, or a new one from {@code
   * order}.
   */
  CompletableFuture<CertPair> order(
      String directory, List<String> names, Supplier<CertPair> order) {
    String key = directory + " " + String.join(",", names);
    CompletableFuture<CertPair> started = new CompletableFuture<>();
    CompletableFuture<CertPair> running = inFlight.putIfAbsent(key, started);
    if (running != null) {
      return running;
    }
    CompletableFuture.supplyAsync(order, threads)
        .whenComplete(
            (pair, failure) -> {
              inFlight.remove(key, started);
              if (failure == null) {
                started.complete(pair);
              } else {
                started.completeExceptionally(failure);
              }
            });
    return started;
  }

  /** Runs a quick exchange (renewal information) on the ACME threads. */
  <T> CompletableFuture<T> ask(Supplier<T> exchange) {
    return CompletableFuture.supplyAsync(exchange, threads);
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
