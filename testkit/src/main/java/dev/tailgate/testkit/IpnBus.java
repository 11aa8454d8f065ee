package dev.tailgate.testkit;

import dev.tailgate.testkit.go.GoJson;
import dev.tailgate.testkit.go.GoStruct;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code watch-ipn-bus} as tailscaled v1.98 serves it (spec §5): 200 and headers as soon as the
 * watcher is registered, then one compact {@code ipn.Notify} per line, flushed. A watcher whose
 * queue of 128 messages backs up is disconnected. Messages come from comparing the tailnet before
 * and after each change: a changed login state sends {@code State}; a peer whose grants or details
 * changed sends {@code PeerChanges} patches when the watcher asked for bit 12 (and a full {@code
 * NetMap} otherwise); anything else (a peer added or removed, a user profile, the self node) sends
 * a full {@code NetMap} with {@code SelfChange}.
 */
final class IpnBus {
  static final long INITIAL_STATE = 1L << 1;
  static final long PEER_CHANGES = 1L << 12;
  private static final long IN_PROCESS_ONLY = 1L << 16;
  private static final int QUEUE = 128;
  private static final String FELL_BEHIND = "IPN bus consumer fell behind; closing watch";
  private static final String END = "";

  /** Told apart from {@link #END} by identity: ends the stream without a last chunk. */
  private static final String ABORT = new String("");

  private final FakeTailnet tailnet;
  private final String version;
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();

  /** Set while the daemon is stopped: a watcher that gets through meanwhile is refused. */
  private volatile boolean closed;

  private TailnetSnapshot previous;

  IpnBus(FakeTailnet tailnet, String version) {
    this.tailnet = tailnet;
    this.version = version;
    this.previous = tailnet.snapshot();
    tailnet.onChange(this::changed);
  }

  /** The mask's problem, as tailscaled words it, or null when the mask is acceptable. */
  static String invalidMask(String mask) {
    try {
      long bits = Long.parseUnsignedLong(mask);
      return (bits & IN_PROCESS_ONLY) != 0 ? "mask bit 16 is for in-process watchers only" : null;
    } catch (NumberFormatException e) {
      return "bad mask";
    }
  }

  /** Registers a watcher and streams to it on a thread of its own until either side closes. */
  void serve(Response response, Callback callback, long mask, Map<String, String> headers) {
    if (closed) {
      callback.failed(new IOException("tailscaled is stopping"));
      return;
    }
    Watcher watcher = new Watcher(mask);
    if ((mask & INITIAL_STATE) != 0) {
      watcher.offer(
          message()
              .field("State", tailnet.loggedIn() ? 6 : 2)
              .omitEmpty("SessionID", "fake-session-" + System.identityHashCode(watcher)));
    }
    watchers.add(watcher);
    Thread writer =
        new Thread(() -> watcher.stream(response, callback, headers), "fake-ipn-bus-watcher");
    writer.setDaemon(true);
    writer.start();
  }

  int watcherCount() {
    return watchers.size();
  }

  /**
   * Drops every stream, as a daemon that stops does (the connection breaks, no last chunk), and
   * waits until their writers are done, so that stopping the server never meets a write in
   * progress.
   */
  void closeAll() {
    closed = true;
    List<Watcher> open = List.copyOf(watchers);
    open.forEach(Watcher::abort);
    for (Watcher watcher : open) {
      watcher.awaitDone();
    }
  }

  /** Takes watchers again, when the daemon is back. */
  void reopen() {
    closed = false;
  }

  private synchronized void changed() {
    TailnetSnapshot next = tailnet.snapshot();
    TailnetSnapshot before = previous;
    previous = next;
    if (next.self() == null || before.self() == null) {
      return;
    }
    if (before.loggedIn() != next.loggedIn()) {
      publish(mask -> message().field("State", next.loggedIn() ? 6 : 2));
    }
    Map<Long, FakeNode> was = byId(before);
    Map<Long, FakeNode> now = byId(next);
    boolean membership = !was.keySet().equals(now.keySet());
    boolean others =
        !before.users().equals(next.users())
            || !Objects.equals(before.self(), next.self())
            || !before.tailnetName().equals(next.tailnetName());
    List<FakeNode> patched =
        now.values().stream()
            .filter(n -> was.containsKey(n.id()) && !was.get(n.id()).equals(n))
            .toList();
    if (!membership && !others && patched.isEmpty()) {
      return;
    }
    GoStruct netMap = netMap(next);
    publish(
        mask -> {
          if ((mask & PEER_CHANGES) != 0 && !membership && !others) {
            return message().field("PeerChanges", patched.stream().map(IpnBus::patch).toList());
          }
          return message()
              .field("NetMap", netMap)
              .omitEmpty("SelfChange", NodeJson.node(next.self()));
        });
  }

  private void publish(Function<Long, GoStruct> message) {
    for (Watcher watcher : watchers) {
      watcher.offer(message.apply(watcher.mask));
    }
  }

  /** Every {@code ipn.Notify} carries these, with null for the fields without omitempty. */
  private GoStruct message() {
    return new GoStruct()
        .field("Version", version)
        .field("ErrMessage", null)
        .field("LoginFinished", null)
        .field("State", null)
        .field("Prefs", null)
        .field("NetMap", null)
        .field("Engine", null)
        .field("BrowseToURL", null)
        .field("DriveShares", null);
  }

  private static GoStruct patch(FakeNode node) {
    return new GoStruct()
        .field("NodeID", node.id())
        .field("CapMap", NodeJson.capMap(node))
        .omitZero("Online", node.online());
  }

  private static GoStruct netMap(TailnetSnapshot tailnet) {
    Map<String, GoStruct> profiles = new LinkedHashMap<>();
    tailnet
        .users()
        .forEach((id, user) -> profiles.put(Long.toString(id), NodeJson.userProfile(user)));
    return new GoStruct()
        .field("SelfNode", NodeJson.node(tailnet.self()))
        .field("Peers", tailnet.peers().stream().map(NodeJson::node).toList())
        .field("UserProfiles", profiles)
        .field("Domain", tailnet.tailnetName());
  }

  private static Map<Long, FakeNode> byId(TailnetSnapshot tailnet) {
    return tailnet.nodes().collect(Collectors.toMap(FakeNode::id, n -> n, (a, b) -> a));
  }

  /** One subscriber: a bounded queue drained by its own writer thread. */
  private final class Watcher {
    final long mask;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE + 2);
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean fellBehind;

    Watcher(long mask) {
      this.mask = mask;
    }

    void offer(GoStruct message) {
      if (!fellBehind && !queue.offer(GoJson.compact(message))) {
        fellBehind = true;
        queue.clear();
        queue.offer(GoJson.compact(message().field("ErrMessage", FELL_BEHIND)));
        queue.offer(END);
      }
    }

    void abort() {
      queue.clear();
      queue.offer(ABORT);
    }

    void awaitDone() {
      try {
        done.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    void stream(Response response, Callback callback, Map<String, String> headers) {
      response.setStatus(200);
      headers.forEach((name, value) -> response.getHeaders().put(name, value));
      response.getHeaders().put("Content-Type", "application/json");
      OutputStream out = Content.Sink.asOutputStream(response);
      try {
        out.flush();
        String line = queue.take();
        while (line != END && line != ABORT) {
          out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
          out.flush();
          line = queue.take();
        }
        if (line == END) {
          out.close();
          callback.succeeded();
        } else {
          callback.failed(new IOException("tailscaled stopped"));
        }
      } catch (IOException e) {
        callback.failed(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        callback.failed(e);
      } finally {
        watchers.remove(this);
        done.countDown();
      }
    }
  }
}
