package dev.tailgate.cli;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a process ignores SIGHUP, read from Linux's {@code /proc/PID/status}. A server started
 * with {@code nohup} does, for good (the JVM refuses to handle a signal ignored at start), and
 * {@code kill -HUP} then succeeds without anything happening: {@code tailgate reload} would report
 * a reload that never comes.
 */
final class HangupDisposition {
  private static final int SIGHUP = 1;

  private HangupDisposition() {}

  /** False where {@code /proc} cannot tell (another OS, a process gone meanwhile). */
  static boolean ignoredBy(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("SigIgn:")) {
          return new BigInteger(line.substring("SigIgn:".length()).trim(), 16).testBit(SIGHUP - 1);
        }
      }
    } catch (IOException | NumberFormatException e) {
      return false;
    }
    return false;
  }
}
