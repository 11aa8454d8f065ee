package dev.tailgate.localapi;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One {@link LocalApiClient} per tailscaled socket for a whole process, made on first use and
 * shared by everything that talks to that daemon (identity lookups, certificates, status). A client
 * that cannot be made (no socket found) is not kept: the next call tries again, so a tailscaled
 * started after tailgate just works.
 */
public final class LocalApiPool implements AutoCloseable {
  private final Factory factory;
  private final ConcurrentMap<Optional<Path>, LocalApiClient> clients = new ConcurrentHashMap<>();

  /** Makes the client for a socket; empty means "find tailscaled as its CLI does". */
  @FunctionalInterface
  public interface Factory {
    LocalApiClient create(Optional<Path> socket) throws LocalApiException;
  }

  public LocalApiPool(Factory factory) {
    this.factory = factory;
  }

  /**
   * tailgate's clients: connecting to a local socket takes microseconds, so one second means the
   * daemon is gone; {@code requestTimeout} bounds status and whois calls (certificates have their
   * own, longer one); {@code clock} judges certificate validity.
   */
  public static LocalApiPool standard(Clock clock, Duration requestTimeout) {
    return new LocalApiPool(
        socket -> {
          LocalApiClient.Builder builder =
              LocalApiClient.builder()
                  .connectTimeout(Duration.ofSeconds(1))
                  .requestTimeout(requestTimeout)
                  .clock(clock);
          socket.ifPresent(builder::socket);
          return builder.build();
        });
  }

  /** The client for {@code socket}, made now if there is none yet. */
  public LocalApiClient client(Optional<Path> socket) throws LocalApiException {
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

  /** The client for {@code socket} if one was made, without making one. */
  public Optional<LocalApiClient> ifMade(Optional<Path> socket) {
    return Optional.ofNullable(clients.get(socket));
  }

  @Override
  public void close() {
    clients.values().forEach(LocalApiClient::close);
    clients.clear();
  }
}
