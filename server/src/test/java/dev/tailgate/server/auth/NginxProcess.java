package dev.tailgate.server.auth;

import dev.tailgate.server.testing.SystemProgram;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx from the distribution, started in the foreground with its own config, pid file and
 * logs in a temp directory. CI installs it ({@code .ci/run}) and requires it; elsewhere a machine
 * without it skips these tests with a line saying what to install ({@link SystemProgram}).
 */
final class NginxProcess implements AutoCloseable {
  private static final List<Path> CANDIDATES =
      List.of(
          Path.of("/usr/sbin/nginx"),
          Path.of("/usr/bin/nginx"),
          Path.of("/usr/local/sbin/nginx"),
          Path.of("/usr/local/bin/nginx"));

  private final Path dir;
  private final Process process;

  private NginxProcess(Path dir, Process process) {
    this.dir = dir;
    this.process = process;
  }

  /**
   * The installed nginx; skips the test where there is none (fails it under
   * -Dtailgate.require=nginx).
   */
  static Path binary() {
    return SystemProgram.find("nginx", "nginx", CANDIDATES);
  }

  /**
   * Starts nginx with {@code httpBlock} inside {@code http { }}, and waits until {@code port}
   * accepts.
   */
  static NginxProcess start(Path dir, int port, String httpBlock) throws Exception {
    Path nginx = binary();
    boolean root = "root".equals(System.getProperty("user.name"));
    String config =
        (root ? "user root;\n" : "")
            + "worker_processes 1;\n"
            + "pid "
            + dir.resolve("nginx.pid")
            + ";\n"
            + "error_log "
            + dir.resolve("error.log")
            + " info;\n"
            + "events { worker_connections 64; }\n"
            + "http {\n"
            + "  access_log "
            + dir.resolve("access.log")
            + ";\n"
            + "  client_body_temp_path "
            + dir.resolve("body")
            + ";\n"
            + "  proxy_temp_path "
            + dir.resolve("proxy")
            + ";\n"
            + "  fastcgi_temp_path "
            + dir.resolve("fastcgi")
            + ";\n"
            + "  uwsgi_temp_path "
            + dir.resolve("uwsgi")
            + ";\n"
            + "  scgi_temp_path "
            + dir.resolve("scgi")
            + ";\n"
            + httpBlock
            + "}\n";
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, config, StandardCharsets.UTF_8);
    Process process =
        new ProcessBuilder(
                nginx.toString(),
                "-p",
                dir.toString(),
                "-e",
                dir.resolve("error.log").toString(),
                "-c",
                file.toString(),
                "-g",
                "daemon off;")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
    NginxProcess started = new NginxProcess(dir, process);
    started.awaitListening(port, Duration.ofSeconds(10));
    return started;
  }

  private void awaitListening(int port, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("nginx exited with " + process.exitValue() + ": " + logs());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "nginx did not listen on " + port + " within " + timeout + ": " + logs());
        }
        // nginx gives no readiness signal; waiting on its exit for a moment is the poll interval
        process.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
  }

  String logs() throws IOException {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("nginx.out", "error.log")) {
      Path log = dir.resolve(name);
      if (Files.exists(log)) {
        text.append(name).append(":\n").append(Files.readString(log));
      }
    }
    return text.toString();
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
