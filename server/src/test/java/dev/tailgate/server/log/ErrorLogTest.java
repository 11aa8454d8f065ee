package dev.tailgate.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.config.ConfigLoader;
import dev.tailgate.config.model.LogTarget;
import dev.tailgate.server.runtime.StandardModules;
import dev.tailgate.server.runtime.TailgateServer;
import dev.tailgate.server.testing.TailgateHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** httpd's ErrorLog: the server's own log lines go to the configured file. */
class ErrorLogTest {
  @TempDir Path dir;

  @AfterEach
  void backToTheConsole() throws Exception {
    ErrorLogSetup.apply(new LogTarget.Console());
  }

  @Test
  void theServersLogLinesGoToTheErrorLogFile() throws Exception {
    int port = TailgateHarness.freePort();
    Files.createDirectories(dir.resolve("htdocs"));
    Path config =
        Files.writeString(
            dir.resolve("tailgate.conf"),
            "Listen 127.0.0.1:"
                + port
                + "\nErrorLog "
                + dir.resolve("error.log")
                + "\nDocumentRoot "
                + dir.resolve("htdocs")
                + "\n");

    try (TailgateServer server =
        TailgateServer.builder(new ConfigLoader(Map.of(), StandardModules.registry()).load(config))
            .start()) {
      assertThat(Files.readString(dir.resolve("error.log")))
          .contains("[INFO]")
          .contains("listening on " + port);
    }
  }

  @Test
  void errorLogInsideAVirtualHostIsRefusedRatherThanIgnored() throws Exception {
    Path config =
        Files.writeString(
            dir.resolve("tailgate.conf"),
            "Listen 80\n<VirtualHost *:80>\n  ErrorLog /tmp/x.log\n</VirtualHost>\n");

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new ConfigLoader(Map.of(), StandardModules.registry()).load(config))
        .hasMessageContaining("ErrorLog: not allowed inside <VirtualHost");
  }
}
