package dev.tailgate.server.auth;

import dev.tailgate.auth.identity.IdentityResolver;
import dev.tailgate.auth.identity.WhoisSource;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import dev.tailgate.localapi.LocalApiPool;
import dev.tailgate.localapi.model.WhoIs;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The whois sources of the tailscaled sockets {@code AuthTailscaleURL} names (plus the discovered
 * default), over the process's one {@link LocalApiPool}, each with its {@link ChangeWatch}. A
 * source is the same object for the same socket, so cached identities stay valid across reloads
 * that keep the socket.
 */
final class LocalApiClients implements AutoCloseable {
  private final LocalApiPool pool;
  private final IdentityResolver resolver;
  private final ConcurrentMap<Optional<Path>, WatchedSource> sources = new ConcurrentHashMap<>();

  LocalApiClients(LocalApiPool pool, IdentityResolver resolver) {
    this.pool = pool;
    this.resolver = resolver;
  }

  WhoisSource whois(Optional<Path> socket) {
    return sources.computeIfAbsent(socket, WatchedSource::new);
  }

  /** Where a socket's tailscaled is, for log lines that say what to check. */
  String describe(Optional<Path> socket) {
    return pool.ifMade(socket)
        .map(client -> client.endpoint().describe())
        .orElse(socket.map(Path::toString).orElse("the default tailscaled socket"));
  }

  /** Whether every watch that was started is live; empty when none was (no lookup yet). */
  Optional<Boolean> watchesLive() {
    return sources.values().stream()
        .filter(WatchedSource::started)
        .map(s -> s.watch.live())
        .reduce(Boolean::logicalAnd);
  }

  @Override
  public void close() {
    sources.values().forEach(s -> s.watch.close());
  }

  /** One tailscaled: whois through the pool, and the watch that keeps its answers fresh. */
  private final class WatchedSource implements WhoisSource {
    private final Optional<Path> socket;
    private final ChangeWatch watch;
    private volatile boolean started;

    WatchedSource(Optional<Path> socket) {
      this.socket = socket;
      this.watch =
          new ChangeWatch(
              () -> pool.client(socket),
              change -> resolver.invalidate(this, change),
              describe(socket));
    }

    @Override
    public CompletableFuture<Optional<WhoIs>> whois(InetSocketAddress peer) {
      if (!started) {
        started = true;
        watch.start();
      }
      LocalApiClient client;
      try {
        client = pool.client(socket);
      } catch (LocalApiException e) {
        return CompletableFuture.failedFuture(e);
      }
      return client.whoisAsync(peer);
    }

    @Override
    public boolean changesArrive() {
      return watch.live();
    }

    boolean started() {
      return started;
    }
  }
}
