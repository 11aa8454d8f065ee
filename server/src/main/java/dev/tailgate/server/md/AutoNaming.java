package dev.tailgate.server.md;

import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.model.Status;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Learns the name for {@code MDomain auto}: the first of tailscaled's certificate domains. Asked in
 * the background and retried with backoff, so start-up never waits for tailscaled; the managed
 * domain appears once the name is known.
 */
final class AutoNaming implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AutoNaming.class);

  private final LocalApiClient client;
  private final Duration firstDelay;
  private final Consumer<String> onNamed;
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tailgate-md-auto");
            t.setDaemon(true);
            return t;
          });

  AutoNaming(LocalApiClient client, Duration firstDelay, Consumer<String> onNamed) {
    this.client = client;
    this.firstDelay = firstDelay;
    this.onNamed = onNamed;
  }

  void start() {
    ask(firstDelay);
  }

  private void ask(Duration backoff) {
    client
        .statusAsync(false)
        .whenCompleteAsync(
            (status, failure) -> {
              if (failure == null && !status.certDomains().isEmpty()) {
                String name = status.certDomains().get(0);
                LOG.info("MDomain auto: tailscaled names this node {}", name);
                onNamed.accept(name);
                return;
              }
              String why =
                  failure != null
                      ? LocalApiClient.unwrap(failure).getMessage()
                      : "tailscaled reports no certificate domains ("
                          + state(status)
                          + "); turn on MagicDNS and HTTPS"
                          + " Certificates in the admin console";
              Duration next =
                  backoff.multipliedBy(2).compareTo(Duration.ofHours(1)) > 0
                      ? Duration.ofHours(1)
                      : backoff.multipliedBy(2);
              LOG.warn(
                  "MDomain auto: cannot learn this node's name yet: {}; asking again in {}s",
                  why,
                  backoff.toSeconds());
              scheduler.schedule(() -> ask(next), backoff.toMillis(), TimeUnit.MILLISECONDS);
            },
            scheduler);
  }

  private static String state(Status status) {
    return "state " + status.backendState();
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
