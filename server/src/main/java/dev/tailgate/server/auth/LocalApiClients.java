package dev.tailgate.server.auth;

import dev.tailgate.auth.identity.WhoisSource;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One LocalAPI client per tailscaled socket named by {@code AuthTailscaleURL} (plus one for the
 * discovered default), made on first use. A client that cannot be made (no socket found) is not
 * cached: the next request tries again, so starting tailscaled after tailgate just works.
 */
final class LocalApiClients implements AutoCloseable {
  private final ClientFactory factory;
  private final ConcurrentMap<Optional<Path>, LocalApiClient> clients = new ConcurrentHashMap<>();
  private final ConcurrentMap<Optional<Path>, WhoisSource> sources = new ConcurrentHashMap<>();

  /** Makes the client for a socket; empty means "find tailscaled as its CLI does". */
  @FunctionalInterface
  interface ClientFactory {
    LocalApiClient create(Optional<Path> socket) throws LocalApiException;
  }

  LocalApiClients(ClientFactory factory) {
    this.factory = factory;
  }

  /**
   * The whois source for a socket. It is the same object for the same socket, so per-connection
   * caches keyed by source stay valid across reloads that keep the socket.
   */
  WhoisSource whois(Optional<Path> socket) {
    return sources.computeIfAbsent(socket, s -> peer -> {
      LocalApiClient client;
      try {
        client = client(s);
      } catch (LocalApiException e) {
        return CompletableFuture.failedFuture(e);
      }
      return client.whoisAsync(peer);
    });
  }

  /** Where a socket's tailscaled is, for log lines that say what to check. */
  String describe(Optional<Path> socket) {
    LocalApiClient client = clients.get(socket);
    if (client != null) {
      return client.endpoint().describe();
    }
    return socket.map(Path::toString).orElse("the default tailscaled socket");
  }

  private LocalApiClient client(Optional<Path> socket) throws LocalApiException {
    LocalApiClient existing = clients.get(socket);
    if (existing != null) {
      return existing;
    }
    synchronized (clients) {
      existing = clients.get(socket);
      if (existing == null) {
        existing = factory.create(socket);
        clients.put(socket, existing);
      }
      return existing;
    }
  }

  @Override
  public void close() {
    clients.values().forEach(LocalApiClient::close);
    clients.clear();
  }
}
