package dev.tailgate.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tailgate reload} refuses to signal anything but a running tailgate. */
class ReloadCommandTest {
  @TempDir Path dir;
  private final StringWriter err = new StringWriter();

  private int reload(Path config, Path pidFile) {
    CommandLine command = TailgateCommand.commandLine();
    command.setOut(new PrintWriter(new StringWriter(), true));
    command.setErr(new PrintWriter(err, true));
    return command.execute("reload", "-c", config.toString(), "--pid-file", pidFile.toString());
  }

  private Path validConfig() throws Exception {
    return Files.writeString(dir.resolve("tailgate.conf"), "Listen 127.0.0.1:8080 http\n");
  }

  @Test
  void withoutARunningServerItSaysHowToStartOne() throws Exception {
    Path config = validConfig();

    assertThat(reload(config, dir.resolve("missing.pid"))).isEqualTo(1);
    assertThat(err.toString()).contains("no running tailgate found for " + config)
        .contains("tailgate run -c " + config);
  }

  @Test
  void aStalePidFileNamingAnotherProgramIsNotSignalled() throws Exception {
    Path pidFile = dir.resolve("stale.pid");
    Process other = new ProcessBuilder("sleep", "60").start();
    try {
      // as left by a server killed an hour ago, whose pid the other program got since
      Files.writeString(pidFile, other.pid() + "\n");
      Files.setLastModifiedTime(pidFile, FileTime.from(Instant.now().minus(Duration.ofHours(1))));

      int exit = reload(validConfig(), pidFile);

      assertThat(exit).isEqualTo(1);
      assertThat(err.toString()).contains("process " + other.pid()).contains("is not tailgate");
      assertThat(other.waitFor(200, TimeUnit.MILLISECONDS)).as("the other program was left alone").isFalse();
    } finally {
      other.destroyForcibly();
    }
  }
}
