package dev.tailgate.server.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real server program from the distribution (nginx, Apache httpd) run in the foreground with a
 * configuration of the test's making, its output and logs in the test's directory. Started means
 * listening: these programs give no readiness signal, so the port is tried until it accepts.
 */
public final class ForegroundDaemon implements AutoCloseable {
  private final String name;
  private final Path dir;
  private final Process process;
  private final List<String> logFiles;

  private ForegroundDaemon(String name, Path dir, Process process, List<String> logFiles) {
    this.name = name;
    this.dir = dir;
    this.process = process;
    this.logFiles = List.copyOf(logFiles);
  }

  /**
   * @param logFiles files in {@code dir} worth showing when it fails (its output is {@code
   *     name.out})
   */
  public static ForegroundDaemon start(
      String name, Path dir, List<String> command, List<String> logFiles, int port)
      throws Exception {
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".out").toFile())
            .start();
    ForegroundDaemon daemon = new ForegroundDaemon(name, dir, process, logFiles);
    daemon.awaitListening(port, Duration.ofSeconds(15));
    return daemon;
  }

  private void awaitListening(int port, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ": " + logs());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              name + " did not listen on " + port + " within " + timeout + ": " + logs());
        }
        // the program gives no readiness signal; waiting on its exit for a moment is the poll
        // interval
        process.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
  }

  public String logs() throws IOException {
    StringBuilder text = new StringBuilder();
    for (String file : concat(name + ".out", logFiles)) {
      Path log = dir.resolve(file);
      if (Files.exists(log)) {
        text.append(file).append(":\n").append(Files.readString(log));
      }
    }
    return text.toString();
  }

  private static List<String> concat(String first, List<String> rest) {
    return Stream.concat(Stream.of(first), rest.stream()).toList();
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
