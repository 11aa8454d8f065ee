package dev.tailgate.config.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Joins physical lines into logical ones the way httpd does: a line whose last non-blank character
 * is a backslash continues on the next line. Trailing blanks after the backslash are forgiven
 * because they are invisible in most editors and httpd's behaviour there surprises people.
 */
final class LineReader {

  private LineReader() {}

  /**
   * @return the logical lines, or a single trailing line with {@code null} text when the file ends
   *     inside a continuation (the caller reports it)
   */
  static List<LogicalLine> join(List<String> physicalLines) {
    List<LogicalLine> logical = new ArrayList<>();
    StringBuilder pending = null;
    int pendingStart = 0;
    for (int i = 0; i < physicalLines.size(); i++) {
      String line = physicalLines.get(i).stripTrailing();
      boolean continues = line.endsWith("\\");
      String content = continues ? line.substring(0, line.length() - 1) : line;
      if (pending == null) {
        pending = new StringBuilder(content);
        pendingStart = i + 1;
      } else {
        pending.append(content);
      }
      if (!continues) {
        logical.add(new LogicalLine(pending.toString(), pendingStart));
        pending = null;
      }
    }
    if (pending != null) {
      logical.add(new LogicalLine(null, pendingStart));
    }
    return logical;
  }
}
