package dev.tailgate.server.log;

/** One {@code CustomLog}: a compiled format and the sink its lines go to. */
public record AccessLogger(LogFormat format, LogSink sink) {

  public void log(LogEntry entry) {
    sink.writeLine(format.line(entry));
  }
}
