package dev.tailgate.server.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Where each load case writes its figures: one line per run in {@code target/load-figures.md}, the
 * source of docs/reliability.md. Also printed, so they appear in the test's output.
 */
final class Figures {
  private static final Path FILE = Path.of("target", "load-figures.md");

  private Figures() {}

  static synchronized void record(String testCase, String figures) {
    String line =
        "- " + Instant.now() + " **" + testCase + "**: " + figures + System.lineSeparator();
    System.out.print(line);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(
          FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
