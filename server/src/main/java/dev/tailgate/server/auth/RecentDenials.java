package dev.tailgate.server.auth;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The last {@value #KEPT} requests the access rules refused, for the status page: a person asking
 * "why can't alice get in?" finds the answer there without reading logs. Bounded, so a flood of
 * strangers costs a fixed amount of memory.
 */
public final class RecentDenials {
  static final int KEPT = 50;

  /**
   * One refusal.
   *
   * @param who the peer address and, when known, the login
   * @param what method and path
   */
  public record Denial(Instant at, int status, String who, String what, String reason) {}

  private final Deque<Denial> denials = new ArrayDeque<>(KEPT);

  synchronized void add(Denial denial) {
    if (denials.size() == KEPT) {
      denials.removeLast();
    }
    denials.addFirst(denial);
  }

  /** Newest first. */
  public synchronized List<Denial> list() {
    return List.copyOf(denials);
  }
}
