package dev.tailgate.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Slowloris: many connections that never finish a request, half of them stuck before the TLS
 * handshake and half inside an HTTP header that gains a byte now and then. Real clients, on held
 * connections and on new ones, must keep being served: no failure, bounded latency.
 */
class SlowlorisTest {

  @Test
  void halfSentHeadersDoNotStarveRealClients() throws Exception {
    slowloris("slowloris, 200 slow connections", 200, Duration.ofSeconds(5));
  }

  @Test
  @Tag("long")
  void aThousandSlowConnectionsForAMinute() throws Exception {
    slowloris("slowloris, 1,000 slow connections", 1000, Duration.ofMinutes(1));
  }

  private void slowloris(String name, int slow, Duration attack) throws Exception {
    try (LoadTarget target = LoadTarget.start("30s")) {
      realClients(
          target, Duration.ofSeconds(2)); // warm-up: the baseline should not measure the JIT
      Tally baseline = realClients(target, Duration.ofSeconds(3));

      List<Socket> silent = new ArrayList<>();
      List<WireClient> trickling = new ArrayList<>();
      try {
        for (int i = 0; i < slow / 2; i++) {
          Socket socket = new Socket();
          socket.connect(
              new InetSocketAddress(InetAddress.getLoopbackAddress(), target.port), 5000);
          silent.add(socket); // connected, never says a word: no TLS ClientHello
        }
        for (int i = 0; i < slow - slow / 2; i++) {
          WireClient client = target.connect(LoadTarget.STRANGER);
          client.send(
              "GET /private HTTP/1.1\r\nHost: " + LoadTarget.HOST + "\r\nX-Slow-" + i + ": ");
          trickling.add(client);
        }
        Thread trickle = new Thread(() -> trickle(trickling), "trickle");
        trickle.setDaemon(true);
        trickle.start();
        Tally underAttack;
        try {
          underAttack = realClients(target, attack);
        } finally {
          trickle.interrupt();
          trickle.join(TimeUnit.SECONDS.toMillis(10));
        }

        double[] latency = underAttack.latencyMillis();
        Figures.record(
            name,
            String.format(
                "%d silent + %d trickling connections for %d s; real clients before: %s;"
                    + " during: %s",
                silent.size(),
                trickling.size(),
                attack.toSeconds(),
                baseline.summary(),
                underAttack.summary()));
        assertThat(baseline.failures())
            .as("failures before: %s", baseline.failureSamples())
            .isZero();
        assertThat(underAttack.failures())
            .as("failures: %s", underAttack.failureSamples())
            .isZero();
        assertThat(underAttack.ok())
            .as("real requests served during the attack")
            .isGreaterThan(100);
        assertThat(latency[1]).as("p99 ms during the attack").isLessThan(1000);
        assertThat(latency[2]).as("max ms during the attack").isLessThan(5000);
      } finally {
        for (Socket socket : silent) {
          socket.close();
        }
        trickling.forEach(WireClient::close);
      }
    }
  }

  /**
   * Real clients (held connections and new ones, icing on the private path) for {@code duration}.
   */
  private static Tally realClients(LoadTarget target, Duration duration)
      throws InterruptedException {
    Tally tally = new Tally();
    Lanes lanes =
        new Lanes()
            .start(
                "real-keep-alive",
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
                "real-new",
                2,
                tally,
                Traffic.newConnections(
                    target, tally, LoadTarget.ICING, "/private", Traffic.SERVED_AS_ICING));
    try {
      long end = System.nanoTime() + duration.toNanos();
      // the run's length is the measurement window
      for (long now = System.nanoTime();
          now < end && tally.failures() == 0;
          now = System.nanoTime()) {
        LockSupport.parkNanos(Math.min(end - now, TimeUnit.MILLISECONDS.toNanos(100)));
      }
    } finally {
      assertThat(lanes.stop()).as("lanes that did not stop").isZero();
    }
    return tally;
  }

  /** One more header byte on every trickling connection every two seconds, until interrupted. */
  private static void trickle(List<WireClient> connections) {
    while (!Thread.currentThread().isInterrupted()) {
      for (WireClient client : connections) {
        try {
          client.send("x");
        } catch (IOException e) {
          // the server may close a slow connection: that is its right, and not what is tested here
        }
      }
      LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(2));
    }
  }
}
