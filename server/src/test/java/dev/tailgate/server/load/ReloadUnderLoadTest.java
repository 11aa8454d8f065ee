package dev.tailgate.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Configuration reloads while load flows: held connections stay open, new connections keep being
 * accepted, no request fails, and each new configuration is visible (its {@code X-Generation}
 * header) to the next new connection.
 */
class ReloadUnderLoadTest {

  @Test
  void reloadsDuringLoadFailNoRequest() throws Exception {
    reloadUnderLoad("config reload under load", 3, 300);
  }

  @Test
  @Tag("long")
  void thirtyReloadsUnderSustainedLoad() throws Exception {
    reloadUnderLoad("30 config reloads under load", 30, 1500);
  }

  private void reloadUnderLoad(String name, int reloads, int requestsBetween) throws Exception {
    try (LoadTarget target = LoadTarget.start("30s")) {
      Tally tally = new Tally();
      Lanes lanes =
          new Lanes()
              .start(
                  "private-keep-alive",
                  3,
                  tally,
                  Traffic.keepAlive(
                      target,
                      tally,
                      LoadTarget.ICING,
                      "/private",
                      Duration.ZERO,
                      Traffic.SERVED_AS_ICING))
              .start(
                  "open-keep-alive",
                  1,
                  tally,
                  Traffic.keepAlive(
                      target, tally, LoadTarget.ICING, "/", Duration.ZERO, Traffic.SERVED))
              .start(
                  "private-new",
                  3,
                  tally,
                  Traffic.newConnections(
                      target, tally, LoadTarget.ICING, "/private", Traffic.SERVED_AS_ICING));
      List<Long> effectMillis = new ArrayList<>();
      try {
        awaitMore(tally, requestsBetween);
        for (int i = 0; i < reloads; i++) {
          long start = System.nanoTime();
          int generation = target.reload();
          try (WireClient client = target.connect(LoadTarget.ICING)) {
            assertThat(client.get("/", true).headers())
                .as("the next new connection after reload %d", generation)
                .containsEntry("x-generation", String.valueOf(generation));
          }
          effectMillis.add((System.nanoTime() - start) / 1_000_000);
          awaitMore(tally, requestsBetween);
        }
      } finally {
        assertThat(lanes.stop()).as("lanes that did not stop").isZero();
      }

      Figures.record(
          name,
          String.format(
              "%d reloads, each live for the next new connection within %d ms; %s",
              reloads,
              effectMillis.stream().mapToLong(Long::longValue).max().orElse(0),
              tally.summary()));
      assertThat(tally.failures()).as("failures: %s", tally.failureSamples()).isZero();
    }
  }

  private static void awaitMore(Tally tally, int requests) {
    long goal = tally.ok() + requests;
    Await.until(
        requests + " more requests",
        Duration.ofMinutes(2),
        () -> tally.ok() >= goal || tally.failures() > 0);
  }
}
