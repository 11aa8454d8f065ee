package dev.tailgate.server.security;

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
 * A real Apache httpd 2.4 from the distribution, in the foreground ({@code -X}) with a
 * configuration of the test's making: the reference the differential test holds tailgate to. It
 * loads only the modules the shared configuration uses (mod_proxy, mod_proxy_http, mod_authz_core,
 * mod_authz_host, mod_alias, and mod_dir for {@code DirectoryIndex index.html}, tailgate's default)
 * and keeps its pid file, logs and locks in the test's directory.
 */
final class HttpdProcess implements AutoCloseable {
  private static final List<Path> CANDIDATES =
      List.of(
          Path.of("/usr/sbin/apache2"),
          Path.of("/usr/sbin/httpd"),
          Path.of("/usr/local/apache2/bin/httpd"));
  private static final List<Path> MODULE_DIRS =
      List.of(
          Path.of("/usr/lib/apache2/modules"),
          Path.of("/usr/lib64/httpd/modules"),
          Path.of("/usr/local/apache2/modules"));

  private final Path dir;
  private final Process process;

  private HttpdProcess(Path dir, Process process) {
    this.dir = dir;
    this.process = process;
  }

  /**
   * The installed httpd; skips the test where there is none (fails it under
   * -Dtailgate.require=httpd).
   */
  static Path binary() {
    return SystemProgram.find("httpd", "apache2", CANDIDATES);
  }

  /**
   * Starts httpd listening on 127.0.0.1:{@code port} with {@code body} as its main server's
   * configuration.
   */
  static HttpdProcess start(Path dir, int port, String body) throws Exception {
    Path httpd = binary();
    Path modules =
        MODULE_DIRS.stream()
            .filter(Files::isDirectory)
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "httpd is installed but its modules directory is not in " + MODULE_DIRS));
    Files.createDirectories(dir);
    boolean root = "root".equals(System.getProperty("user.name"));
    StringBuilder config =
        new StringBuilder()
            .append("ServerRoot ")
            .append(dir)
            .append('\n')
            .append("DefaultRuntimeDir ")
            .append(dir)
            .append('\n')
            .append("PidFile ")
            .append(dir.resolve("httpd.pid"))
            .append('\n')
            .append("ErrorLog ")
            .append(dir.resolve("error.log"))
            .append('\n')
            .append("LogLevel warn\n")
            .append("ServerName localhost\n")
            .append("Listen 127.0.0.1:")
            .append(port)
            .append('\n');
    for (String module :
        List.of("mpm_event", "authz_core", "authz_host", "proxy", "proxy_http", "alias", "dir")) {
      config
          .append("LoadModule ")
          .append(module)
          .append("_module ")
          .append(modules.resolve("mod_" + module + ".so"))
          .append('\n');
    }
    if (root) {
      config.append("User www-data\nGroup www-data\n");
    }
    config.append(body);
    Path file = dir.resolve("httpd.conf");
    Files.writeString(file, config, StandardCharsets.UTF_8);
    Process process =
        new ProcessBuilder(httpd.toString(), "-X", "-f", file.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("httpd.out").toFile())
            .start();
    HttpdProcess started = new HttpdProcess(dir, process);
    started.awaitListening(port, Duration.ofSeconds(15));
    return started;
  }

  private void awaitListening(int port, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new AssertionError("httpd exited with " + process.exitValue() + ": " + logs());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError(
              "httpd did not listen on " + port + " within " + timeout + ": " + logs());
        }
        // httpd gives no readiness signal; waiting on its exit for a moment is the poll interval
        process.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
  }

  String logs() throws IOException {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("httpd.out", "error.log")) {
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
