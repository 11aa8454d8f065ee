package dev.tailgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tailgate} command line: one subcommand per job, each with its own {@code --help}. */
@Command(
    name = "tailgate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Tailscale HTTPS and tailscale single sign-on for the JVM.",
    subcommands = {
      RunCommand.class,
      CheckCommand.class,
      ReloadCommand.class,
      ProxyCommand.class,
      CertsCommand.class,
      WhoisCommand.class,
      StatusCommand.class,
      DoctorCommand.class,
      FakeTailscaledCommand.class,
      DemoCommand.class,
      TrainCommand.class,
      CommandLine.HelpCommand.class
    })
public final class TailgateCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int code;
    try {
      code = commandLine().execute(args);
    } catch (Error e) {
      // picocli lets errors through; returning from main would leave the process to any non-daemon
      // thread still running (Jetty's pools), alive but no longer stoppable by a signal
      e.printStackTrace();
      code = 70;
    }
    System.exit(code);
  }

  /** The configured command line, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new TailgateCommand()).setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
