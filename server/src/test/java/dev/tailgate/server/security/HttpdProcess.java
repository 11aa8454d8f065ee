package dev.tailgate.server.security;

import dev.tailgate.server.testing.ForegroundDaemon;
import dev.tailgate.server.testing.SystemProgram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

  private final ForegroundDaemon daemon;

  private HttpdProcess(ForegroundDaemon daemon) {
    this.daemon = daemon;
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
    return new HttpdProcess(
        ForegroundDaemon.start(
            "httpd",
            dir,
            List.of(httpd.toString(), "-X", "-f", file.toString()),
            List.of("error.log"),
            port));
  }

  String logs() throws IOException {
    return daemon.logs();
  }

  @Override
  public void close() throws Exception {
    daemon.close();
  }
}
