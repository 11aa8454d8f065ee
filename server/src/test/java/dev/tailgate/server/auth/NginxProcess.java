package dev.tailgate.server.auth;

import dev.tailgate.server.testing.ForegroundDaemon;
import dev.tailgate.server.testing.SystemProgram;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

  private final ForegroundDaemon daemon;

  private NginxProcess(ForegroundDaemon daemon) {
    this.daemon = daemon;
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
    return new NginxProcess(
        ForegroundDaemon.start(
            "nginx",
            dir,
            List.of(
                nginx.toString(),
                "-p",
                dir.toString(),
                "-e",
                dir.resolve("error.log").toString(),
                "-c",
                file.toString(),
                "-g",
                "daemon off;"),
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
