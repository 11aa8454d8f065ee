package dev.tailgate.cli;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for something another process does, checking every few milliseconds until a deadline. Only
 * for child processes: within one JVM, tests wait on latches and futures instead.
 */
final class Poll {
  private static final long PAUSE_MILLIS = 25;

  private Poll() {}

  static void until(Duration timeout, BooleanSupplier done, Supplier<String> whatWasExpected) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + timeout + ": " + whatWasExpected.get());
      }
      try {
        Thread.sleep(PAUSE_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + whatWasExpected.get(), e);
      }
    }
  }
}
