package dev.tailgate.server.runtime;

/**
 * How many threads the server's one pool needs: a fixed budget for requests, plus what each
 * listener holds for good (its acceptor and selector threads). A fixed cap once let a configuration
 * that {@code check} called valid fail at {@code run} ("Insufficient configured threads") with 14
 * {@code Listen} lines on two cores, after the ports had opened; sizing from the listeners means
 * any number of them that the configuration allows also runs.
 */
final class ThreadBudget {
  /**
   * Nothing tailgate does blocks a thread for long (proxying and whois are asynchronous), so more
   * request threads than this only add memory: Jetty's default of 200 was reached by a burst of TLS
   * handshakes and kept ~100 MiB of stacks and arenas (bench/README.md).
   */
  static final int REQUEST_THREADS = Math.max(32, 16 * Runtime.getRuntime().availableProcessors());

  /** Jetty's own default for a connector on this many cores, made explicit so it can be counted. */
  static final int SELECTORS_PER_LISTENER =
      Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));

  static final int ACCEPTORS_PER_LISTENER = 1;

  private ThreadBudget() {}

  /** The pool's maximum for a server with {@code listeners} open listeners (TCP and unix). */
  static int maxThreads(int listeners) {
    return REQUEST_THREADS + listeners * (ACCEPTORS_PER_LISTENER + SELECTORS_PER_LISTENER);
  }
}
