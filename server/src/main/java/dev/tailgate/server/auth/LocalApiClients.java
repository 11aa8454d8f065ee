package dev.tailgate.server.auth;

import dev.tailgate.auth.identity.WhoisSource;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import dev.tailgate.localapi.LocalApiPool;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The whois sources of the tailscaled sockets {@code AuthTailscaleURL} names (plus the discovered
 * default), over the process's one {@link LocalApiPool}. A source is the same object for the same
 * socket, so per-connection caches keyed by source stay valid across reloads that keep the socket.
 */
final class LocalApiClients {
  private final LocalApiPool pool;
  private final ConcurrentMap<Optional<Path>, WhoisSource> sources = new ConcurrentHashMap<>();

  LocalApiClients(LocalApiPool pool) {
    this.pool = pool;
  }

  WhoisSource whois(Optional<Path> socket) {
    return sources.computeIfAbsent(
        socket,
        s ->
            peer -> {
              LocalApiClient client;
              try {
                client = pool.client(s);
              } catch (LocalApiException e) {
                return CompletableFuture.failedFuture(e);
              }
              return client.whoisAsync(peer);
            });
  }

  /** Where a socket's tailscaled is, for log lines that say what to check. */
  String describe(Optional<Path> socket) {
    return pool.ifMade(socket)
        .map(client -> client.endpoint().describe())
        .orElse(socket.map(Path::toString).orElse("the default tailscaled socket"));
  }
}
