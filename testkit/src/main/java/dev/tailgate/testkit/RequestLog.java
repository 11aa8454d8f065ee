package dev.tailgate.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Every request the fake received, in arrival order. Besides assertions after the fact, {@link
 * #await} lets a test wait for an asynchronous client's request without sleeping.
 */
public final class RequestLog {
  private final List<RecordedRequest> requests = new ArrayList<>();

  synchronized void add(RecordedRequest request) {
    requests.add(request);
    notifyAll();
  }

  public synchronized List<RecordedRequest> all() {
    return List.copyOf(requests);
  }

  public synchronized List<RecordedRequest> matching(Predicate<RecordedRequest> predicate) {
    return requests.stream().filter(predicate).toList();
  }

  /** Requests to one LocalAPI name ({@code whois}, {@code status}, {@code cert/<domain>}). */
  public List<RecordedRequest> to(String endpointName) {
    return matching(r -> endpointName.equals(r.endpointName()));
  }

  public long count(Predicate<RecordedRequest> predicate) {
    return matching(predicate).size();
  }

  /** How many whois lookups asked for exactly this {@code addr}. */
  public long whoisCount(String addr) {
    return count(r -> "whois".equals(r.endpointName()) && addr.equals(r.param("addr")));
  }

  public synchronized int size() {
    return requests.size();
  }

  public synchronized RecordedRequest last() {
    if (requests.isEmpty()) {
      throw new IllegalStateException("no request received");
    }
    return requests.get(requests.size() - 1);
  }

  public synchronized void clear() {
    requests.clear();
  }

  /**
   * Waits until some request matches, returning it.
   *
   * @throws AssertionError if none arrived within the timeout
   */
  public synchronized RecordedRequest await(Predicate<RecordedRequest> predicate, Duration timeout)
      throws InterruptedException {
    Objects.requireNonNull(predicate, "predicate");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (RecordedRequest request : requests) {
        if (predicate.test(request)) {
          return request;
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError(
            "no matching request within " + timeout + "; received: " + paths());
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }

  private List<String> paths() {
    List<String> paths = new ArrayList<>();
    requests.forEach(r -> paths.add(r.method() + " " + r.path()));
    return paths;
  }
}
