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

  @Override
  void close();
}
