package dev.tailgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.runtime.PidFile;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
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
    assertThat(err.toString())
        .contains("no running tailgate found for " + config)
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
      assertThat(other.waitFor(200, TimeUnit.MILLISECONDS))
          .as("the other program was left alone")
          .isFalse();
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void anOlderProcessThatIsNotTailgateIsNotSignalled() throws Exception {
    Process other = new ProcessBuilder("sleep", "60").start();
    try {
      // planted after the other program started, so the start-time check alone would pass it
      Path pidFile = Files.writeString(dir.resolve("planted.pid"), other.pid() + "\n");

      int exit = reload(validConfig(), pidFile);

      assertThat(exit).isEqualTo(1);
      assertThat(err.toString()).contains("process " + other.pid()).contains("is not tailgate");
      assertThat(other.waitFor(200, TimeUnit.MILLISECONDS))
          .as("the other program was left alone")
          .isFalse();
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void aPidFileOthersMayWriteIsRefused() throws Exception {
    Process other = new ProcessBuilder("sleep", "60").start();
    try {
      Path pidFile = Files.writeString(dir.resolve("shared.pid"), other.pid() + "\n");
      Files.setPosixFilePermissions(pidFile, PosixFilePermissions.fromString("rw-rw-rw-"));

      int exit = reload(validConfig(), pidFile);

      assertThat(exit).isEqualTo(1);
      assertThat(err.toString())
          .contains("refusing the pid file " + pidFile)
          .contains("others may write it");
      assertThat(other.isAlive()).isTrue();
    } finally {
      other.destroyForcibly();
    }
  }

  @Test
  void aPidFileThatIsALinkIsRefused() throws Exception {
    Path target = Files.writeString(dir.resolve("elsewhere"), "1\n");
    Path link = Files.createSymbolicLink(dir.resolve("link.pid"), target);

    assertThat(reload(validConfig(), link)).isEqualTo(1);
    assertThat(err.toString()).contains("it is a symbolic link");
  }

  @Test
  void theDefaultPidFileIsNotInTheSharedTempDirectory() {
    Path pid = PidFile.defaultFor(dir.resolve("tailgate.conf"));

    assertThat(pid.startsWith(Path.of(System.getProperty("java.io.tmpdir")))).isFalse();
    assertThat(pid.getFileName().toString()).startsWith("tailgate-").endsWith(".pid");
  }

  @Test
  void writingFollowsNoPlantedLink() throws Exception {
    Path victim = Files.writeString(dir.resolve("victim"), "precious\n");
    Path pidFile = dir.resolve("server.pid");
    Files.createSymbolicLink(dir.resolve("server.pid.tmp"), victim);

    PidFile.write(pidFile, 4242);

    assertThat(Files.readString(victim)).isEqualTo("precious\n");
    assertThat(Files.isSymbolicLink(pidFile)).isFalse();
    assertThat(PidFile.read(pidFile)).contains(4242L);
  }
}
