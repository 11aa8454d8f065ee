package dev.tailgate.server.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a load run did: how many requests succeeded and failed, why the first failures failed, and
 * the latency of every success. Lanes record into their own {@link Lane} (no contention on the hot
 * path); the tally sums them.
 */
final class Tally {
  private static final int KEPT_FAILURES = 20;

  private final List<Lane> lanes = new ArrayList<>();
  private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
  private final AtomicLong failureCount = new AtomicLong();

  synchronized Lane lane() {
    Lane lane = new Lane();
    lanes.add(lane);
    return lane;
  }

  void fail(String why) {
    if (failureCount.incrementAndGet() <= KEPT_FAILURES) {
      failures.add(why);
    }
  }

  long failures() {
    return failureCount.get();
  }

  /** The first failures, for the assertion message. */
  List<String> failureSamples() {
    return List.copyOf(failures);
  }

  synchronized long ok() {
    return lanes.stream().mapToLong(Lane::ok).sum();
  }

  /** Latency percentiles of the successes, in milliseconds: p50, p99, max. */
  synchronized double[] latencyMillis() {
    long[] all =
        lanes.stream().flatMapToLong(lane -> Arrays.stream(lane.latencies())).sorted().toArray();
    if (all.length == 0) {
      return new double[] {0, 0, 0};
    }
    return new double[] {
      all[(int) (all.length * 0.50)] / 1e6,
      all[Math.min(all.length - 1, (int) (all.length * 0.99))] / 1e6,
      all[all.length - 1] / 1e6
    };
  }

  String summary() {
    double[] latency = latencyMillis();
    return String.format(
        "%d ok, %d failed, p50 %.1f ms, p99 %.1f ms, max %.1f ms",
        ok(), failures(), latency[0], latency[1], latency[2]);
  }

  /** One lane's own counters; only its thread writes them. */
  static final class Lane {
    private volatile long ok;
    private long[] latencies = new long[1024];
    private int size;

    void ok(long nanos) {
      synchronized (this) {
        if (size == latencies.length) {
          latencies = Arrays.copyOf(latencies, size * 2);
        }
        latencies[size++] = nanos;
      }
      ok++;
    }

    long ok() {
      return ok;
    }

    synchronized long[] latencies() {
      return Arrays.copyOf(latencies, size);
    }
  }
}
