package dev.tailgate.localapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.LocalApiRoute;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code watch-ipn-bus} against the fake's v1.98 bus (spec §5), and a client that rides out a
 * daemon whose accept queue overflows.
 */
class IpnBusAndRetryTest {

  private static JsonNode next(IpnBusStream stream) throws Exception {
    return stream.next().orElseThrow(() -> new AssertionError("the stream ended"));
  }

  @Test
  void theBusSaysTheStateFirstThenEachChangeAsV198Does() throws Exception {
    try (FakeTailscaled fake = FakeTailscaled.start(FakeTailnet.example());
        LocalApiClient client = LocalApiClient.builder().socket(fake.socketPath()).build();
        IpnBusStream plain = client.watchIpnBus(2);
        IpnBusStream patches = client.watchIpnBus(2 | 4096)) {
      JsonNode first = next(plain);
      assertThat(first.get("State").asInt()).isEqualTo(6);
      assertThat(first.get("Version").asText()).isEqualTo(FakeTailscaled.VERSION);
      assertThat(first.has("NetMap")).as("fields without omitempty are null, not absent").isTrue();
      next(patches);

      long laptop = fake.tailnet().node("laptop").id();
      fake.tailnet().grant("laptop", "example.com/cap/deploy", "{}");
      JsonNode whole = next(plain);
      JsonNode patch = next(patches);
      assertThat(whole.get("NetMap").get("Peers").isArray()).isTrue();
      assertThat(patch.get("NetMap").isNull()).isTrue();
      assertThat(patch.get("PeerChanges").get(0).get("NodeID").asLong()).isEqualTo(laptop);
      assertThat(patch.get("PeerChanges").get(0).get("CapMap").has("example.com/cap/deploy"))
          .isTrue();

      fake.tailnet().removeNode("laptop");
      assertThat(next(patches).get("NetMap").isObject())
          .as("a removed peer is a new netmap on v1.98")
          .isTrue();
      next(plain);

      fake.tailnet().setLoggedIn(false);
      assertThat(next(plain).get("State").asInt()).isEqualTo(2);

      fake.down();
      assertThatThrownBy(plain::next)
          .as("a daemon that stops breaks the stream, as tailscaled's exit does")
          .isInstanceOf(DaemonUnavailableException.class)
          .hasMessageContaining("watch-ipn-bus stream")
          .hasMessageContaining("broke");
    }
  }

  @Test
  void closingTheStreamEndsAWaitingReadWithTheCheckedFailure() throws Exception {
    try (FakeTailscaled fake = FakeTailscaled.start(FakeTailnet.example());
        LocalApiClient client = LocalApiClient.builder().socket(fake.socketPath()).build()) {
      IpnBusStream stream = client.watchIpnBus(2);
      next(stream);
      CompletableFuture<Throwable> ended = new CompletableFuture<>();
      Thread reader =
          new Thread(
              () -> {
                try {
                  stream.next();
                  ended.complete(null);
                } catch (Throwable t) {
                  ended.complete(t);
                }
              },
              "reader");
      reader.start();
      // the reader waits for the daemon's next line; the daemon has nothing to say
      while (reader.getState() != Thread.State.WAITING
          && reader.getState() != Thread.State.TIMED_WAITING) {
        Thread.onSpinWait();
      }
      stream.close();
      assertThat(ended.get(10, TimeUnit.SECONDS))
          .as("a watcher closed at shutdown ends as a LocalApiException, not an uncaught one")
          .isInstanceOf(LocalApiException.class)
          .hasMessageContaining("watch-ipn-bus stream");
    }
  }

  @Test
  void aBadMaskIsRefusedAsTailscaledRefusesIt() throws Exception {
    try (FakeTailscaled fake = FakeTailscaled.start(FakeTailnet.example());
        LocalApiClient client = LocalApiClient.builder().socket(fake.socketPath()).build()) {
      assertThatThrownBy(() -> client.watchIpnBus(1L << 16))
          .isInstanceOf(LocalApiException.class)
          .hasMessageContaining("in-process");
    }
  }

  /** 500 calls at once through the client's 16 connections: every connect races for backlog 1. */
  @Test
  void aBurstOfConnectsAgainstAShortAcceptQueueAllGetAnswers() throws Exception {
    Path dir = Files.createTempDirectory("ts");
    try (FakeTailscaled fake =
            FakeTailscaled.builder()
                .tailnet(FakeTailnet.example())
                .socketPath(dir.resolve("s"))
                .backlog(1)
                .start();
        LocalApiClient client =
            LocalApiClient.builder()
                .socket(fake.socketPath())
                .requestTimeout(Duration.ofSeconds(60))
                .build()) {
      fake.faults().slow(Duration.ofMillis(50), LocalApiRoute.WHOIS);
      List<CompletableFuture<Optional<dev.tailgate.localapi.model.WhoIs>>> answers =
          new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        answers.add(
            client.whoisAsync(
                new InetSocketAddress(java.net.InetAddress.getByName("127.0.0.2"), 10000 + i)));
      }
      int failed = 0;
      String firstFailure = null;
      for (CompletableFuture<Optional<dev.tailgate.localapi.model.WhoIs>> answer : answers) {
        try {
          assertThat(answer.get(90, TimeUnit.SECONDS)).isPresent();
        } catch (java.util.concurrent.ExecutionException e) {
          failed++;
          firstFailure = firstFailure == null ? e.getCause().getMessage() : firstFailure;
        }
      }
      assertThat(failed).as("failed whois calls; the first said: " + firstFailure).isZero();
    }
  }

  /**
   * A whois that waited in the client's queue behind a slow answer, longer than the retry window,
   * and then finds tailscaled restarting (its socket there, refusing) still gets its retries: the
   * window counts from its first failed connect, not from when it was queued.
   */
  @Test
  void aCallThatWaitedItsTurnStillRetriesARefusedConnect() throws Exception {
    Path socket = Files.createTempDirectory("ts").resolve("s");
    ServerSocketChannel daemon = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    daemon.bind(UnixDomainSocketAddress.of(socket));
    try (LocalApiClient client =
        LocalApiClient.builder()
            .socket(socket)
            .maxConnections(1)
            .requestTimeout(Duration.ofSeconds(30))
            .build()) {
      CompletableFuture<Optional<dev.tailgate.localapi.model.WhoIs>> first =
          client.whoisAsync(new InetSocketAddress("127.0.0.2", 1));
      try (SocketChannel held = daemon.accept()) {
        readRequestHead(held);
        long queuedAt = System.nanoTime();
        CompletableFuture<Optional<dev.tailgate.localapi.model.WhoIs>> queued =
            client.whoisAsync(new InetSocketAddress("127.0.0.2", 2));
        // not synchronisation: the scenario is a wait longer than the retry window
        long waitNanos = LocalApiExchange.RETRY_WINDOW.plusMillis(200).toNanos();
        while (System.nanoTime() - queuedAt < waitNanos) {
          Thread.sleep(50);
        }
        assertThat(queued).as("queued behind the only connection").isNotDone();
        // tailscaled restarts: the socket file stays and refuses, the old connection ends
        daemon.close();
        held.write(
            ByteBuffer.wrap(
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)));
        assertThat(first.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThatThrownBy(() -> queued.get(30, TimeUnit.SECONDS))
            .hasCauseInstanceOf(DaemonUnavailableException.class)
            .cause()
            .hasMessageContaining("refused")
            .hasMessageContaining("times within the request's time budget");
      }
    } finally {
      daemon.close();
    }
  }

  private static void readRequestHead(SocketChannel channel) throws Exception {
    ByteBuffer buffer = ByteBuffer.allocate(8192);
    while (!new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII)
        .contains("\r\n\r\n")) {
      if (channel.read(buffer) < 0) {
        throw new AssertionError("the client closed before sending its request");
      }
    }
  }

  @Test
  void aMissingSocketIsNotRetriedButFailsAtOnceSayingSo() throws Exception {
    Path dir = Files.createTempDirectory("ts");
    try (LocalApiClient client =
        LocalApiClient.builder()
            .socket(dir.resolve("absent.sock"))
            .requestTimeout(Duration.ofSeconds(30))
            .build()) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.whois(new InetSocketAddress("127.0.0.2", 1)))
          .isInstanceOf(DaemonUnavailableException.class)
          .hasMessageContaining("does not exist")
          .hasMessageNotContaining("tried");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("no retries within the 30 s budget")
          .isLessThan(Duration.ofSeconds(5));
    }
  }
}
