package dev.tailgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @TempDir Path dir;

  /**
   * A configuration from the server module's test fixtures, as a file (they come in a jar here).
   */
  private String copy(String fixture) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/config/" + fixture)) {
      Path file = dir.resolve(fixture);
      Files.createDirectories(file.getParent());
      Files.copy(in, file);
      return file.toString();
    }
  }

  private int run(String... args) {
    CommandLine command = new CommandLine(new CheckCommand());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  @Test
  void validConfigPrintsTheSummaryAndExitsZero() throws IOException {
    copy("seed/blog-1-mdomain.conf"); // all-three includes it
    int exit = run("-c", copy("seed/all-three.conf"));

    assertThat(exit).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString())
        .contains(
            "Listeners:",
            "*:443 https",
            "Virtual hosts:",
            "ServerName vps.headless-chicken.ts.net",
            "ServerName other.headless-chicken.ts.net",
            "<Location /myapp>",
            "Require valid-user",
            "Managed domains",
            "tailscale via /var/run/tailscale/tailscaled.sock, renew window 33%");
  }

  @Test
  void invalidConfigPrintsEveryProblemToStderrAndExitsOne() throws IOException {
    int exit = run("-c", copy("errors/many-problems.conf"));

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString())
        .contains("many-problems.conf:2: ServerNmae: unknown directive; did you mean ServerName?")
        .contains("many-problems.conf:8: ServerName: not allowed inside <Location>")
        .contains("5 problems, the configuration is invalid");
  }
}
