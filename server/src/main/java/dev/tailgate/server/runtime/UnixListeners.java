package dev.tailgate.server.runtime;

import dev.tailgate.config.model.UnixListener;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code Listen unix:/path} sockets. A stale socket file left by a crash is removed, as
 * tailscaled does with its own; a live one (another process listening) is an error naming the line.
 * The socket is made 0666 like tailscaled's, because its clients (nginx's workers) run as other
 * users: anything served on it is reachable by every local user, which docs/security.md says.
 */
final class UnixListeners {
  private static final Logger LOG = LoggerFactory.getLogger(UnixListeners.class);

  private final Server server;
  private final Map<Path, UnixDomainServerConnector> open = new LinkedHashMap<>();

  UnixListeners(Server server) {
    this.server = server;
  }

  int size() {
    return open.size();
  }

  /**
   * Adds a connector for each listener not open yet; they start with the server or {@link #start}.
   */
  List<UnixDomainServerConnector> add(List<UnixListener> listeners) throws StartupException {
    List<UnixDomainServerConnector> added = new ArrayList<>();
    for (UnixListener listener : listeners) {
      if (open.containsKey(listener.path())) {
        continue;
      }
      clearStale(listener);
      UnixDomainServerConnector connector =
          new UnixDomainServerConnector(
              server,
              ThreadBudget.ACCEPTORS_PER_LISTENER,
              ThreadBudget.SELECTORS_PER_LISTENER,
              new HttpConnectionFactory(new HttpConfiguration()));
      connector.setUnixDomainPath(listener.path());
      connector.setName(listener.toString());
      server.addConnector(connector);
      open.put(listener.path(), connector);
      added.add(connector);
    }
    return added;
  }

  /** Starts connectors added to a running server; on failure removes all of them again. */
  void start(List<UnixDomainServerConnector> added) throws StartupException {
    for (UnixDomainServerConnector connector : added) {
      try {
        connector.start();
      } catch (Exception e) {
        added.forEach(this::remove);
        throw new StartupException(
            "cannot listen on unix:" + connector.getUnixDomainPath() + ": " + e.getMessage(), e);
      }
    }
    opened(added);
  }

  /** After the server started them: who may connect. */
  void opened(List<UnixDomainServerConnector> connectors) {
    for (UnixDomainServerConnector connector : connectors) {
      try {
        Files.setPosixFilePermissions(
            connector.getUnixDomainPath(), PosixFilePermissions.fromString("rw-rw-rw-"));
      } catch (IOException | UnsupportedOperationException e) {
        LOG.warn(
            "cannot open up {} to other local users: {}",
            connector.getUnixDomainPath(),
            e.toString());
      }
    }
  }

  List<UnixDomainServerConnector> all() {
    return List.copyOf(open.values());
  }

  /** Stops the sockets no longer configured, once their requests in flight are done. */
  void retireAllBut(Set<Path> wanted, Duration drain) {
    for (Path path : new ArrayList<>(open.keySet())) {
      if (!wanted.contains(path)) {
        UnixDomainServerConnector gone = open.get(path);
        gone.shutdown()
            .orTimeout(drain.toMillis(), TimeUnit.MILLISECONDS)
            .whenComplete((done, timeout) -> remove(gone));
      }
    }
  }

  private void remove(UnixDomainServerConnector connector) {
    open.remove(connector.getUnixDomainPath(), connector);
    try {
      connector.stop();
    } catch (Exception e) {
      LOG.debug("stopping {}: {}", connector.getName(), e.toString());
    }
    server.removeConnector(connector);
  }

  private static void clearStale(UnixListener listener) throws StartupException {
    Path path = listener.path();
    if (!Files.exists(path)) {
      return;
    }
    if (Files.isRegularFile(path) || Files.isDirectory(path)) {
      throw new StartupException(
          listener.at()
              + ": cannot listen on "
              + listener
              + ": the path exists and is not a socket");
    }
    try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
      throw new StartupException(
          listener.at()
              + ": cannot listen on "
              + listener
              + ": another process is listening there");
    } catch (IOException refused) {
      try {
        Files.delete(path);
      } catch (IOException e) {
        throw new StartupException(
            listener.at() + ": cannot remove the stale socket " + path + ": " + e.getMessage(), e);
      }
    }
  }
}
