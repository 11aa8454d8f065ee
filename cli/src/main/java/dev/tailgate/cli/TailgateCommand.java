package dev.tailgate.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tailgate} command line: one subcommand per job, each with its own {@code --help}. */
@Command(
    name = "tailgate",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Tailscale HTTPS and tailscale single sign-on for the JVM.")
public final class TailgateCommand implements Runnable {

  /** The subcommands, in the order {@code tailgate --help} lists them. */
  private static final List<Class<?>> SUBCOMMANDS =
      List.of(
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
          CommandLine.HelpCommand.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /**
   * Jetty's thread pools pad their queues to a cache line, and unless told how many references fill
   * one, Jetty starts the JVM's whole management server to ask whether references are compressed:
   * some 20 ms of every cold start (async-profiler, bench/README.md). They are below a 32 GiB heap;
   * a 64-byte line then holds 16.
   */
  private static final String REFERENCES_PER_CACHE_LINE =
      "org.eclipse.jetty.util.referencesPerCacheLine";

  public static void main(String[] args) {
    if (System.getProperty(REFERENCES_PER_CACHE_LINE) == null) {
      boolean compressed = Runtime.getRuntime().maxMemory() < (32L << 30);
      System.setProperty(REFERENCES_PER_CACHE_LINE, compressed ? "16" : "8");
    }
    int code;
    try {
      code = commandLine(args).execute(args);
    } catch (Error e) {
      // picocli lets errors through; returning from main would leave the process to any non-daemon
      // thread still running (Jetty's pools), alive but no longer stoppable by a signal
      e.printStackTrace();
      code = 70;
    }
    System.exit(code);
  }

  /** The configured command line with every subcommand, shared by {@link #main} and the tests. */
  public static CommandLine commandLine() {
    return commandLine(SUBCOMMANDS);
  }

  /**
   * For {@code tailgate run}, a command line with that subcommand alone: picocli reflects over
   * every subcommand's options as it builds, and a server's start (a restart on every deploy) needs
   * none but its own. Anything else (help, a mistyped name) gets them all.
   */
  static CommandLine commandLine(String[] args) {
    boolean run = args.length > 0 && args[0].equals("run");
    return commandLine(run ? List.of(RunCommand.class) : SUBCOMMANDS);
  }

  private static CommandLine commandLine(List<Class<?>> subcommands) {
    CommandLine line = new CommandLine(new TailgateCommand());
    for (Class<?> subcommand : subcommands) {
      line.addSubcommand(subcommand);
    }
    return line.setCaseInsensitiveEnumValuesAllowed(true);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
