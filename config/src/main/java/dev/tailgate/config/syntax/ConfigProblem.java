package dev.tailgate.config.syntax;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;

/**
 * One thing wrong with the configuration. It always names the line and the directive and, where we
 * can tell, what to write instead: the admin should be able to fix the file from this text alone.
 *
 * @param directive the directive or section as written (for sections with the angle bracket, e.g.
 *     {@code <Location>}); never null
 * @param hint what to write instead, or null when there is nothing useful to suggest
 */
public record ConfigProblem(Path file, int line, String directive, String message, String hint) {

  public ConfigProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(directive, "directive");
    Objects.requireNonNull(message, "message");
  }

  public static ConfigProblem at(SourceLocation at, String directive, String message, String hint) {
    return new ConfigProblem(at.file(), at.line(), directive, message, hint);
  }

  /** Renders {@code file:line: Directive: message; hint} with the file name as given. */
  @Override
  public String toString() {
    return render(Path::toString);
  }

  /** Renders with a caller-chosen file name, e.g. relative to the main config's directory. */
  public String render(Function<Path, String> fileName) {
    String text = fileName.apply(file) + ":" + line + ": " + directive + ": " + message;
    return hint == null ? text : text + "; " + hint;
  }
}
