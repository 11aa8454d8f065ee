package dev.tailgate.server.auth;

import dev.tailgate.auth.identity.IdentityResolver;
import dev.tailgate.auth.identity.WatchedWhoisSource;
import dev.tailgate.auth.identity.WhoisSource;
import dev.tailgate.localapi.LocalApiPool;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The whois sources of the tailscaled sockets {@code AuthTailscaleURL} names (plus the discovered
 * default), over the process's one {@link LocalApiPool}, each watched for changes ({@link
 * WatchedWhoisSource}). A source is the same object for the same socket, so cached identities stay
 * valid across reloads that keep the socket.
 */
final class LocalApiClients implements AutoCloseable {
  private final LocalApiPool pool;
  private final IdentityResolver resolver;
  private final ConcurrentMap<Optional<Path>, WatchedWhoisSource> sources =
      new ConcurrentHashMap<>();

  LocalApiClients(LocalApiPool pool, IdentityResolver resolver) {
    this.pool = pool;
    this.resolver = resolver;
  }

  WhoisSource whois(Optional<Path> socket) {
    return sources.computeIfAbsent(
        socket, s -> new WatchedWhoisSource(() -> pool.client(s), resolver, describe(s)));
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
        .filter(WatchedWhoisSource::started)
        .map(WatchedWhoisSource::changesArrive)
        .reduce(Boolean::logicalAnd);
  }

  @Override
  public void close() {
    sources.values().forEach(WatchedWhoisSource::close);
  }
}
