package dev.tailgate.server.log;

import java.io.PrintStream;

/**
 * Standard output: the default, so a fresh install's access log is visible (and journald keeps it).
 */
public final class ConsoleSink implements LogSink {
  private final PrintStream out;

  public ConsoleSink(PrintStream out) {
    this.out = out;
  }

  @Override
  public void write(String line) {
    out.println(line);
  }

  @Override
  public void close() {
    out.flush();
  }
}
