package dev.tailgate.server.config;

import dev.tailgate.server.cli.CheckCommand;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine command = new CommandLine(new CheckCommand());
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    return command.execute(args);
  }

  @Test
  void validConfigPrintsTheSummaryAndExitsZero() {
    int exit = run("-c", ConfigFixtures.resource("seed/all-three.conf").toString());

    assertThat(exit).isZero();
    assertThat(err.toString()).isEmpty();
    assertThat(out.toString())
        .contains("Listeners:", "*:443 https", "Virtual hosts:", "ServerName vps.headless-chicken.ts.net",
            "ServerName other.headless-chicken.ts.net", "<Location /myapp>", "Require valid-user",
            "Managed domains", "tailscale via /var/run/tailscale/tailscaled.sock, renew window 33%");
  }

  @Test
  void invalidConfigPrintsEveryProblemToStderrAndExitsOne() {
    int exit = run("-c", ConfigFixtures.resource("errors/many-problems.conf").toString());

    assertThat(exit).isEqualTo(1);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString()).contains("many-problems.conf:2: ServerNmae: unknown directive; did you mean ServerName?")
        .contains("many-problems.conf:8: ServerName: not allowed inside <Location>")
        .contains("5 problems, the configuration is invalid");
  }
}
