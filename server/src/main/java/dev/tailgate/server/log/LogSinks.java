package dev.tailgate.server.log;

import dev.tailgate.config.model.LogTarget;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The open log sinks, shared by every host that logs to the same target and kept open across
 * reloads: a reload must not truncate, reorder or reopen a log that did not change.
 */
public final class LogSinks implements AutoCloseable {
  private final Map<LogTarget, LogSink> open = new HashMap<>();

  public synchronized LogSink sinkFor(LogTarget target) throws IOException {
    LogSink sink = open.get(target);
    if (sink == null) {
      sink = create(target);
      open.put(target, sink);
    }
    return sink;
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
    open.values().forEach(LogSink::close);
    open.clear();
  }
}
