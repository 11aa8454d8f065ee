package dev.tailgate.cli;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The signals {@code tailgate run} answers. TERM and INT are handled here instead of by the JVM's
 * shutdown hooks so that a clean drain ends with exit code 0 (the JVM would report 143, which a
 * service manager counts as a failure). HUP asks for a reload, except once a stop has begun.
 */
final class ServerSignals {
  private static final Logger LOG = LoggerFactory.getLogger(ServerSignals.class);

  private final CountDownLatch stop = new CountDownLatch(1);
  private volatile String stopCause = "";

  /**
   * Installs the handlers; call before announcing the process (pid file), so no signal finds the
   * defaults.
   */
  void install(Runnable reload) {
    SignalHandler before =
        Signal.handle(
            new Signal("HUP"),
            signal -> {
              if (stop.getCount() == 0) {
                LOG.info("SIGHUP ignored: tailgate is stopping");
              } else {
                reload.run();
              }
            });
    if (before == SignalHandler.SIG_IGN) {
      // the JVM keeps a hangup ignored at start (nohup) ignored, and says nothing
      LOG.warn(
          "SIGHUP is ignored in this process (started with nohup?), so neither SIGHUP nor"
              + " `tailgate reload` can reload it; run it without nohup (under systemd, or with"
              + " setsid and its output redirected)");
    }
    for (String name : List.of("TERM", "INT")) {
      Signal.handle(
          new Signal(name),
          signal -> {
            stopCause = "SIG" + signal.getName();
            stop.countDown();
          });
    }
  }

  /** Blocks until TERM or INT arrives; returns its name for the log. */
  String awaitStop() throws InterruptedException {
    stop.await();
    return stopCause;
  }
}
