package dev.tailgate.config.syntax;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a line of configuration came from, so every problem and every model element can point the
 * admin back at the exact line to edit, across Includes.
 */
public record SourceLocation(Path file, int line) {

  public SourceLocation {
    Objects.requireNonNull(file, "file");
  }

  @Override
  public String toString() {
    return file + ":" + line;
  }
}
