package dev.tailgate.server.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Load lanes: each is a thread running one loop (usually one client connection) until the lanes are
 * stopped. Lanes are platform threads with small stacks, so a thousand of them is cheap; stopping
 * waits for every lane, bounded, and reports any that did not finish.
 */
final class Lanes {
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final List<Thread> threads = new ArrayList<>();

  /** One pass of a lane's loop; it records its own outcome in the tally. */
  @FunctionalInterface
  interface Body {
    void run(Lanes lanes) throws Exception;
  }

  /**
   * Starts {@code count} lanes named {@code name-i}, each running {@code body} until {@link #stop}.
   */
  Lanes start(String name, int count, Tally tally, java.util.function.IntFunction<Body> bodies) {
    return start(name, count, tally, bodies, Duration.ZERO);
  }

  /**
   * As {@link #start(String, int, Tally, java.util.function.IntFunction)}, the lanes' first passes
   * spread evenly over {@code ramp}: lane {@code i} begins {@code ramp * i / count} after the call,
   * as a population of clients arrives, instead of all in one instant.
   */
  Lanes start(
      String name,
      int count,
      Tally tally,
      java.util.function.IntFunction<Body> bodies,
      Duration ramp) {
    long begin = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Body body = bodies.apply(i);
      long offset = ramp.toNanos() * i / count;
      Runnable lane =
          () -> {
            pace(begin, Duration.ofNanos(offset));
            loop(body, tally);
          };
      Thread thread = new Thread(null, lane, name + "-" + i, 256 * 1024);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    return this;
  }

  private void loop(Body body, Tally tally) {
    while (running.get()) {
      try {
        body.run(this);
      } catch (Exception e) {
        if (running.get()) {
          tally.fail(Thread.currentThread().getName() + ": " + e);
        }
      }
    }
  }

  boolean running() {
    return running.get();
  }

  /**
   * Paces a lane: parks until {@code interval} after {@code sinceNanos}, or until the lanes stop.
   * This shapes the load (a request per interval); it never orders anything between threads.
   */
  void pace(long sinceNanos, Duration interval) {
    long until = sinceNanos + interval.toNanos();
    for (long now = System.nanoTime(); running.get() && now < until; now = System.nanoTime()) {
      LockSupport.parkNanos(Math.min(until - now, TimeUnit.MILLISECONDS.toNanos(50)));
    }
  }

  /** Stops every lane and waits for them, at most 30 s in all; returns how many did not finish. */
  int stop() throws InterruptedException {
    running.set(false);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    int stuck = 0;
    for (Thread thread : threads) {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
      if (thread.isAlive()) {
        stuck++;
      }
    }
    return stuck;
  }
}
