package dev.tailgate.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code tailgate} as a real child process on the test classpath, so signals, the pid file and the
 * exit code are the real ones. Its output goes to files the test reads while it runs.
 */
final class TailgateProcess implements AutoCloseable {
  private final Process process;
  private final Path stderr;

  private TailgateProcess(Process process, Path stderr) {
    this.process = process;
    this.stderr = stderr;
  }

  static TailgateProcess start(Path dir, String... args) throws IOException {
    return start(dir, List.of(), args);
  }

  /** Started as {@code nohup tailgate …} is: SIGHUP ignored from the start, for good. */
  static TailgateProcess startUnderNohup(Path dir, String... args) throws IOException {
    return start(dir, List.of("nohup"), args);
  }

  private static TailgateProcess start(Path dir, List<String> prefix, String... args)
      throws IOException {
    List<String> command = new ArrayList<>(prefix);
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(TailgateCommand.class.getName());
    command.addAll(List.of(args));
    Path stdout = dir.resolve("stdout.txt");
    Path stderr = dir.resolve("stderr.txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    return new TailgateProcess(process, stderr);
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  String stderr() {
    try {
      return Files.readString(stderr, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until {@code port} accepts connections; fails early, with the server's output, if it
   * died.
   */
  void awaitListening(int port, Duration timeout) {
    Poll.until(
        timeout,
        () -> {
          if (!process.isAlive()) {
            throw new AssertionError(
                "tailgate exited with " + process.exitValue() + ":\n" + stderr());
          }
          return accepts(port);
        },
        () -> "tailgate listening on " + port + "; its output:\n" + stderr());
  }

  void awaitStderr(String text, Duration timeout) {
    Poll.until(
        timeout,
        () -> stderr().contains(text),
        () -> "\"" + text + "\" in tailgate's output:\n" + stderr());
  }

  void signal(String name) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-s", name, Long.toString(pid())).inheritIO().start();
    if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
      throw new AssertionError("could not send SIG" + name + " to " + pid());
    }
  }

  /**
   * @return the exit code; fails if the process is still running after {@code timeout}
   */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(
          "tailgate still runs after " + timeout + "; its output:\n" + stderr());
    }
    return process.exitValue();
  }

  static boolean accepts(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }
}
