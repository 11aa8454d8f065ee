package dev.tailgate.config.model;

import java.nio.file.Path;

/** Where a log goes. The console is the default so that a fresh install logs somewhere visible. */
public sealed interface LogTarget {

  record File(Path path) implements LogTarget {
    @Override
    public String toString() {
      return path.toString();
    }
  }

  /** httpd's piped log: the command gets the log lines on its standard input. */
  record Pipe(String command) implements LogTarget {
    @Override
    public String toString() {
      return "|" + command;
    }
  }

  record Console() implements LogTarget {
    @Override
    public String toString() {
      return "console";
    }
  }
}
