package dev.tailgate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code tailgate train-class-data} walks the paths a real start takes, so the class data archive
 * holds their classes: if a step stopped working, the archive would quietly miss them (or the
 * launchers would drop it for a failed training) and every start would be slower.
 */
class TrainCommandTest {

  @Test
  void theTrainingServesTheLoopbackSiteAndTheDemoFromAFetchedAndAStoredCertificate() {
    StringWriter out = new StringWriter();
    CommandLine command = TailgateCommand.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(new StringWriter(), true));

    int code = command.execute("train-class-data");

    assertThat(code).as("exit code; output:%n%s", out).isZero();
    assertThat(out.toString().lines())
        .contains(
            "train-class-data: / 200",
            "train-class-data: /proxied/ 200",
            "train-class-data: /missing 404",
            "train-class-data: demo, first start: / from 127.0.0.2 200",
            "train-class-data: demo, first start: /myapp/ from 127.0.0.2 200",
            "train-class-data: demo, first start: / from 127.0.0.3 403",
            "train-class-data: demo, first start: /md-status from 127.0.0.1 200",
            "train-class-data: demo, certificate stored: / from 127.0.0.2 200",
            "train-class-data: demo, certificate stored: /myapp/ from 127.0.0.2 200");
  }
}
