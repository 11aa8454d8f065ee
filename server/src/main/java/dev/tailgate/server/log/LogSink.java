package dev.tailgate.server.log;

import java.io.Closeable;

/**
 * Where finished log lines go: a file, the console, or a piped command, as httpd's CustomLog
 * allows.
 */
public interface LogSink extends Closeable {

  /**
   * Writes one line; the sink adds the newline. Never throws: a broken log must not fail requests.
   */
  void write(String line);

  /**
   * Writes one line that already ends in a newline ({@link LogFormat#line}); sinks that encode
   * lines themselves take it as it is, without a copy to add the newline.
   */
  default void writeLine(String terminated) {
    write(terminated.substring(0, terminated.length() - 1));
  }

  @Override
  void close();
}
