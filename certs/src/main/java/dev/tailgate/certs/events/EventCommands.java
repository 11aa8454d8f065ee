package dev.tailgate.certs.events;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code MDMessageCmd} for every event ({@code cmd args… event domain}) and {@code
 * MDNotifyCmd} after a renewal ({@code cmd args… domain}), with mod_md's argv. Commands run on
 * their own thread with a timeout: a hanging or failing script is logged and never delays serving
 * or renewal.
 */
public final class EventCommands implements CertEventListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventCommands.class);

  private final List<String> messageCmd;
  private final List<String> notifyCmd;
  private final long timeoutMillis;
  private final ExecutorService runner =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "tailgate-md-commands");
            t.setDaemon(true);
            return t;
          });

  public EventCommands(List<String> messageCmd, List<String> notifyCmd, long timeoutMillis) {
    this.messageCmd = List.copyOf(messageCmd);
    this.notifyCmd = List.copyOf(notifyCmd);
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public void on(CertEvent event) {
    if (!messageCmd.isEmpty()) {
      List<String> argv = new ArrayList<>(messageCmd);
      argv.add(event.name());
      argv.add(event.domain());
      runner.execute(() -> run("MDMessageCmd", argv));
    }
    if (!notifyCmd.isEmpty() && event.name().equals(CertEvent.RENEWED)) {
      List<String> argv = new ArrayList<>(notifyCmd);
      argv.add(event.domain());
      runner.execute(() -> run("MDNotifyCmd", argv));
    }
  }

  private void run(String directive, List<String> argv) {
    try {
      Process process =
          new ProcessBuilder(argv)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        LOG.warn(
            "{} {} did not finish within {} ms and was killed", directive, argv, timeoutMillis);
        return;
      }
      if (process.exitValue() != 0) {
        LOG.warn("{} {} exited with status {}", directive, argv, process.exitValue());
      }
    } catch (IOException e) {
      LOG.warn("{} {} could not be started: {}", directive, argv, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    runner.shutdown();
  }
}
