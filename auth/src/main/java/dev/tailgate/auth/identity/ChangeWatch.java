package dev.tailgate.auth.identity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailgate.localapi.IpnBusStream;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code watch-ipn-bus} subscription to one tailscaled (spec §5), on a thread of its own,
 * started by the first identity lookup and reconnected with backoff whenever it ends. Each
 * notification that concerns peers becomes an {@link Invalidation}. A reconnect tells the listener
 * that changes may have been missed meanwhile ({@link Listener#resumed}); it does not withdraw
 * answers, because a tailscaled that just came back may leave again before they are asked anew, and
 * an answer within its timeout must keep serving then, as it does while nobody watches.
 *
 * <p>The mask asks for the initial state (bit 1, so a 200 and one message prove the subscription)
 * and for peer changes (bit 12: v1.98 sends {@code PeerChanges} patches, later versions {@code
 * PeersChanged}, {@code PeersRemoved} and {@code UserProfiles}; older ones ignore the bit and send
 * whole netmaps).
 */
public final class ChangeWatch implements AutoCloseable {
  public static final long MASK = (1L << 1) | (1L << 12);
  private static final Logger LOG = LoggerFactory.getLogger(ChangeWatch.class);
  private static final long FIRST_PAUSE_MILLIS = 100;
  private static final long MAX_PAUSE_MILLIS = 5_000;

  /** The client to watch through; throws when tailscaled's socket cannot be determined. */
  @FunctionalInterface
  public interface ClientSource {
    LocalApiClient client() throws LocalApiException;
  }

  /** Told what the watch learns; called on the watch's own thread. */
  public interface Listener {
    /** A notification that concerns peers. */
    void changed(Invalidation change);

    /** The watch is back after a gap in which changes may have gone unseen. */
    void resumed();
  }

  private final ClientSource clients;
  private final Listener listener;
  private final String tailscaled;
  private volatile boolean live;
  private volatile boolean closed;
  private volatile IpnBusStream current;
  private Thread thread;

  public ChangeWatch(ClientSource clients, Listener listener, String tailscaled) {
    this.clients = clients;
    this.listener = listener;
    this.tailscaled = tailscaled;
  }

  /** Starts watching, once; later calls do nothing. */
  public synchronized void start() {
    if (thread != null || closed) {
      return;
    }
    thread = new Thread(this::run, "tailgate-watch-ipn-bus");
    thread.setDaemon(true);
    thread.start();
  }

  /** Whether notifications are arriving now. */
  public boolean live() {
    return live;
  }

  private void run() {
    long pause = FIRST_PAUSE_MILLIS;
    boolean reported = false;
    boolean reconnect = false;
    while (!closed) {
      String ended;
      try (IpnBusStream stream = clients.client().watchIpnBus(MASK)) {
        current = stream;
        // before live: no answer from before the gap may get a grace on the strength of this watch
        if (reconnect) {
          listener.resumed();
        }
        reconnect = true;
        live = true;
        pause = FIRST_PAUSE_MILLIS;
        LOG.info("watching {} for changes to peers", tailscaled);
        reported = false;
        ended = follow(stream);
      } catch (LocalApiException e) {
        ended = e.getMessage();
      } finally {
        live = false;
        current = null;
      }
      if (closed) {
        return;
      }
      if (!reported) {
        LOG.warn(
            "lost the watch on {} ({}); identities expire strictly at AuthTailscaleCacheTimeout"
                + " until it is back",
            tailscaled,
            ended);
        reported = true;
      }
      pause = pauseAndGrow(pause);
    }
  }

  /**
   * Reads notifications until the stream ends; says why it ended. The first message is the initial
   * state the mask asked for, which proves the subscription and changes nothing.
   */
  private String follow(IpnBusStream stream) throws LocalApiException {
    if (stream.next().isEmpty()) {
      return "tailscaled ended the stream";
    }
    for (Optional<JsonNode> next = stream.next(); next.isPresent(); next = stream.next()) {
      JsonNode message = next.get();
      JsonNode error = message.get("ErrMessage");
      if (error != null && error.isTextual() && !error.asText().isEmpty()) {
        return "tailscaled says: " + error.asText();
      }
      Invalidation.of(message).ifPresent(listener::changed);
    }
    return "tailscaled ended the stream";
  }

  private long pauseAndGrow(long pause) {
    try {
      TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextLong(pause / 2, pause + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
    return Math.min(MAX_PAUSE_MILLIS, pause * 2);
  }

  @Override
  public synchronized void close() {
    closed = true;
    IpnBusStream stream = current;
    if (stream != null) {
      stream.close();
    }
    if (thread != null) {
      thread.interrupt();
    }
  }
}
