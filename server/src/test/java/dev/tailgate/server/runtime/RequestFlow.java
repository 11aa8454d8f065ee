package dev.tailgate.server.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;

/**
 * Several client threads requesting one URL back to back, so that a reload happens while requests
 * are in flight. Each thread stops after a bounded number of requests, so a stuck server fails the
 * test instead of hanging it.
 */
final class RequestFlow implements AutoCloseable {
  private final HttpClient client;
  private final String url;
  private final String header;
  private final int perThread;
  private final ExecutorService threads;
  private final int threadCount;
  private final Semaphore completions = new Semaphore(0);
  private final Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
  private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean stopping;

  /**
   * @param header a response header whose value is recorded with the body, to tell configurations
   *     apart
   */
  RequestFlow(HttpClient client, String url, String header, int threadCount, int perThread) {
    this.client = client;
    this.url = url;
    this.header = header;
    this.threadCount = threadCount;
    this.perThread = perThread;
    this.threads = Executors.newFixedThreadPool(threadCount);
  }

  RequestFlow start() {
    for (int t = 0; t < threadCount; t++) {
      threads.execute(this::requestUntilStopped);
    }
    return this;
  }

  /** Waits until {@code count} more requests have completed (well or not) from now on. */
  void awaitCompletions(int count, Duration timeout) throws InterruptedException {
    completions.drainPermits();
    if (!completions.tryAcquire(count, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "fewer than "
              + count
              + " requests completed within "
              + timeout
              + "; failures: "
              + failures);
    }
  }

  /** Stops the clients after their current request and reports what they saw. */
  Result finish() throws InterruptedException {
    stopping = true;
    threads.shutdown();
    if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
      throw new AssertionError("the request flow did not stop");
    }
    Map<String, Integer> counts = new TreeMap<>();
    seen.forEach((k, v) -> counts.put(k, v.get()));
    return new Result(counts, List.copyOf(failures));
  }

  private void requestUntilStopped() {
    for (int i = 0; i < perThread && !stopping; i++) {
      try {
        ContentResponse response = client.newRequest(url).timeout(10, TimeUnit.SECONDS).send();
        if (response.getStatus() != 200) {
          failures.add(response.getStatus() + " " + response.getContentAsString());
        } else {
          String key =
              response.getContentAsString().strip() + " " + response.getHeaders().get(header);
          seen.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        }
      } catch (Exception e) {
        failures.add(e.toString());
      } finally {
        completions.release();
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (!threads.isShutdown()) {
      finish();
    }
  }

  /**
   * @param seen how often each "body header-value" answer came back
   * @param failures every non-200 answer or client error
   */
  record Result(Map<String, Integer> seen, List<String> failures) {}
}
