package dev.tailgate.server.log;

import dev.tailgate.config.model.LogTarget;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The open log sinks, shared by every host that logs to the same target and kept open across
 * reloads: a reload must not truncate, reorder or reopen a log that did not change.
 */
public final class LogSinks implements AutoCloseable {
  /** How long a line waits in a buffer at most with {@code BufferedLogs On}. */
  static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);

  private final Map<LogTarget, LogSink> open = new HashMap<>();
  private boolean buffering;
  private ScheduledExecutorService flusher;

  public synchronized LogSink sinkFor(LogTarget target) throws IOException {
    LogSink sink = open.get(target);
    if (sink == null) {
      sink = create(target);
      if (sink instanceof FileSink file) {
        file.buffering(buffering);
      }
      open.put(target, sink);
    }
    return sink;
  }

  /**
   * {@code BufferedLogs On|Off} for every file log, from now on (a reload may switch it). While on,
   * buffers are written out every {@link #FLUSH_INTERVAL}.
   */
  public synchronized void buffering(boolean on) {
    if (on == buffering) {
      return;
    }
    buffering = on;
    files().forEach(file -> file.buffering(on));
    if (on) {
      flusher =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "tailgate-log-flush");
                t.setDaemon(true);
                return t;
              });
      long millis = FLUSH_INTERVAL.toMillis();
      flusher.scheduleWithFixedDelay(this::flush, millis, millis, TimeUnit.MILLISECONDS);
    } else {
      flusher.shutdownNow();
      flusher = null;
    }
  }

  private void flush() {
    List<FileSink> files;
    synchronized (this) {
      files = files();
    }
    files.forEach(FileSink::flush);
  }

  private List<FileSink> files() {
    List<FileSink> files = new ArrayList<>();
    for (LogSink sink : open.values()) {
      if (sink instanceof FileSink file) {
        files.add(file);
      }
    }
    return files;
  }

  /** Closes the sinks no longer used after a reload. */
  public synchronized void retainOnly(Set<LogTarget> inUse) {
    for (LogTarget target : new HashSet<>(open.keySet())) {
      if (!inUse.contains(target)) {
        open.remove(target).close();
      }
    }
  }

  private static LogSink create(LogTarget target) throws IOException {
    if (target instanceof LogTarget.File file) {
      return new FileSink(file.path());
    }
    if (target instanceof LogTarget.Pipe pipe) {
      return new PipeSink(pipe.command());
    }
    return new ConsoleSink(System.out);
  }

  @Override
  public synchronized void close() {
    if (flusher != null) {
      flusher.shutdownNow();
      flusher = null;
    }
    open.values().forEach(LogSink::close);
    open.clear();
  }
}
