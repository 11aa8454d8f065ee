package dev.tailgate.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.Await;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Many keep-alive connections held open while authenticated requests flow on all of them: no
 * request fails, no connection is dropped (a lane never reconnects, so a drop is a failure), and
 * the heap does not grow while the load runs. Client and server share this JVM, so the heap per
 * connection counts both ends; the server's own RSS with 1,000 connections is measured by
 * bench/run.sh.
 */
class KeepAliveConnectionsTest {

  @Test
  void aHundredConnectionsHeldWhileRequestsFlow() throws Exception {
    holdConnections(
        "100 keep-alive connections",
        100,
        Duration.ofSeconds(5),
        Duration.ofMillis(100),
        Duration.ZERO);
  }

  @Test
  @Tag("long")
  void aThousandConnectionsHeldForAMinute() throws Exception {
    // opened over 5 s, 200 a second: the case is about holding them; a burst of 1,000 handshakes
    // at once is bench/run.sh's (on one 2-core box with the fake tailscaled in the same JVM, such
    // a burst queues whois past the suite's 2 s timeout)
    holdConnections(
        "1,000 keep-alive connections",
        1000,
        Duration.ofMinutes(1),
        Duration.ofSeconds(1),
        Duration.ofSeconds(5));
  }

  private void holdConnections(
      String name, int connections, Duration hold, Duration interval, Duration ramp)
      throws Exception {
    try (LoadTarget target = LoadTarget.start("30s")) {
      long heapBefore = target.heapAfterGcMib();
      Tally tally = new Tally();
      Lanes lanes =
          new Lanes()
              .start(
                  "icing",
                  connections,
                  tally,
                  Traffic.keepAlive(
                      target,
                      tally,
                      LoadTarget.ICING,
                      "/private",
                      interval,
                      Traffic.SERVED_AS_ICING),
                  ramp);
      try {
        // every lane has answered once: all connections are open
        Await.until(
            "every connection served a request",
            Duration.ofMinutes(2),
            () -> tally.ok() >= connections || tally.failures() > 0);
        long heapWithConnections = target.heapAfterGcMib();
        long okAtStart = tally.ok();
        long heapPeak = heapWithConnections;
        long end = System.nanoTime() + hold.toNanos();
        // the hold is the measurement: sample the heap while it runs
        for (long now = System.nanoTime();
            now < end && tally.failures() == 0;
            now = System.nanoTime()) {
          LockSupport.parkNanos(Math.min(end - now, TimeUnit.MILLISECONDS.toNanos(500)));
          heapPeak = Math.max(heapPeak, usedHeapMib());
        }
        long heapAtEnd = target.heapAfterGcMib();
        long served = tally.ok() - okAtStart;
        assertThat(lanes.stop()).as("lanes that did not stop").isZero();

        Figures.record(
            name,
            String.format(
                "held %d s, %d requests during the hold (%s overall), heap after GC: %d MiB before, %d MiB with the"
                    + " connections open, %d MiB at the end (peak in use %d MiB); %.0f KiB per connection, both ends",
                hold.toSeconds(),
                served,
                tally.summary(),
                heapBefore,
                heapWithConnections,
                heapAtEnd,
                heapPeak,
                (heapWithConnections - heapBefore) * 1024.0 / connections));
        assertThat(tally.failures()).as("failures: %s", tally.failureSamples()).isZero();
        assertThat(served)
            .as("requests flowed on the held connections")
            .isGreaterThanOrEqualTo(connections * hold.toMillis() / interval.toMillis() / 4);
        // the server's buffer pool may keep up to 32 MiB more once the load has run (CI measured
        // +17 MiB); a per-connection cache made on a connection's second request exceeds the bound
        // (Jetty's header cache was 96 KiB each: +31 to +65 MiB here, about 94 MiB when full)
        assertThat(heapAtEnd - heapWithConnections)
            .as("heap growth while requests flow, MiB")
            .isLessThan(48);
      } finally {
        lanes.stop();
      }
    }
  }

  private static long usedHeapMib() {
    return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()
        / (1024 * 1024);
  }
}
