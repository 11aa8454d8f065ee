package dev.tailgate.auth.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaledExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The watch on a real (fake) tailscaled's {@code watch-ipn-bus}, across a restart. */
class ChangeWatchTest {
  @RegisterExtension
  final FakeTailscaledExtension tailscaled = new FakeTailscaledExtension(FakeTailnet::example);

  private final BlockingQueue<String> heard = new LinkedBlockingQueue<>();

  private final ChangeWatch.Listener listener =
      new ChangeWatch.Listener() {
        @Override
        public void changed(Invalidation change) {
          heard.add("changed");
        }

        @Override
        public void resumed() {
          heard.add("resumed");
        }
      };

  @Test
  void aReconnectSaysChangesMayHaveBeenMissedAndWithdrawsNothingOfItself() throws Exception {
    FakeTailnet tailnet = tailscaled.get().tailnet();
    try (LocalApiClient client =
            LocalApiClient.builder().socket(tailscaled.get().socketPath()).build();
        ChangeWatch watch = new ChangeWatch(() -> client, listener, "the fake tailscaled")) {
      watch.start();
      awaitWatchers();
      tailnet.removeNode("laptop");
      String first = next();

      tailscaled.get().down();
      tailscaled.get().up();
      String second = next();
      awaitWatchers();
      tailnet.removeNode("alice-desktop");
      String third = next();

      assertThat(List.of(first, second, third)).containsExactly("changed", "resumed", "changed");
      assertThat(watch.live()).isTrue();
    }
    List<String> rest = new ArrayList<>();
    heard.drainTo(rest);
    assertThat(rest).as("nothing else was heard").isEmpty();
  }

  private String next() throws InterruptedException {
    String event = heard.poll(10, TimeUnit.SECONDS);
    assertThat(event).as("an event within 10 s").isNotNull();
    return event;
  }

  /** Until the watch's stream is open at the fake; bounded: 10 s. */
  private void awaitWatchers() {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (tailscaled.get().ipnBusWatchers() != 1) {
      assertThat(System.nanoTime()).as("the watch subscribes within 10 s").isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }
}
