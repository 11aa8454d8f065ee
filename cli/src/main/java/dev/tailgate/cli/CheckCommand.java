package dev.tailgate.cli;

import dev.tailgate.config.ConfigLoader;
import dev.tailgate.config.ConfigSummary;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.syntax.ConfigException;
import dev.tailgate.server.runtime.StandardModules;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tailgate check -c FILE}: validates without starting anything, like {@code apachectl
 * configtest}, so a config can be checked before a restart or in CI.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Validate a configuration file and print what it sets up.")
public final class CheckCommand implements Callable<Integer> {

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "the configuration file")
  Path config;

  @Spec CommandSpec spec;

  private final ConfigLoader loader;

  public CheckCommand() {
    this(StandardModules.loader());
  }

  CheckCommand(ConfigLoader loader) {
    this.loader = loader;
  }

  @Override
  public Integer call() {
    try {
      TailgateConfig loaded = loader.load(config);
      spec.commandLine().getOut().print(ConfigSummary.render(loaded));
      spec.commandLine().getOut().flush();
      return 0;
    } catch (ConfigException e) {
      var err = spec.commandLine().getErr();
      err.println(e.getMessage());
      int count = e.problems().size();
      err.println(
          config
              + ": "
              + count
              + (count == 1 ? " problem" : " problems")
              + ", the configuration is invalid");
      err.flush();
      return 1;
    }
  }
}
