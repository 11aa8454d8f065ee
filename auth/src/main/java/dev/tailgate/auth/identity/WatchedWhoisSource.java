package dev.tailgate.auth.identity;

import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import dev.tailgate.localapi.model.WhoIs;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One tailscaled as a source of identities: whois through its client, and the {@link ChangeWatch}
 * that keeps the resolver's answers fresh, started by the first whois (so a server that never looks
 * anyone up never subscribes). The front door's access gate and the servlet filter both use it.
 */
public final class WatchedWhoisSource implements WhoisSource, AutoCloseable {
  private final ChangeWatch.ClientSource clients;
  private final ChangeWatch watch;
  private volatile boolean started;

  /**
   * @param resolver the resolver whose answers this source's notifications refresh
   * @param tailscaled where the daemon is, for log lines
   */
  public WatchedWhoisSource(
      ChangeWatch.ClientSource clients, IdentityResolver resolver, String tailscaled) {
    this.clients = clients;
    this.watch =
        new ChangeWatch(
            clients,
            new ChangeWatch.Listener() {
              @Override
              public void changed(Invalidation change) {
                resolver.invalidate(WatchedWhoisSource.this, change);
              }

              @Override
              public void resumed() {
                resolver.recheck(WatchedWhoisSource.this);
              }
            },
            tailscaled);
  }

  @Override
  public CompletableFuture<Optional<WhoIs>> whois(InetSocketAddress peer) {
    if (!started) {
      started = true;
      watch.start();
    }
    LocalApiClient client;
    try {
      client = clients.client();
    } catch (LocalApiException e) {
      return CompletableFuture.failedFuture(e);
    }
    return client.whoisAsync(peer);
  }

  @Override
  public boolean changesArrive() {
    return watch.live();
  }

  /** Whether a whois was made, so the watch was started. */
  public boolean started() {
    return started;
  }

  @Override
  public void close() {
    watch.close();
  }
}
