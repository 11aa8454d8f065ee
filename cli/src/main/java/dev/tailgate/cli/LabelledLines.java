package dev.tailgate.cli;

import java.io.PrintWriter;

/** "label value" lines with the values aligned, the shape people read and grep. */
final class LabelledLines {
  private final PrintWriter out;

  LabelledLines(PrintWriter out) {
    this.out = out;
  }

  void line(String label, String value) {
    out.printf("%-13s %s%n", label, value);
  }

  void flush() {
    out.flush();
  }
}
