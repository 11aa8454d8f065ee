package dev.tailgate.cli;

import dev.tailgate.config.ConfigLoader;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.syntax.ConfigException;
import dev.tailgate.server.runtime.PidFile;
import dev.tailgate.server.runtime.StandardModules;
import dev.tailgate.server.runtime.StartupException;
import dev.tailgate.server.runtime.TailgateServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tailgate run -c FILE}: serve until SIGTERM. SIGHUP (or {@code tailgate reload}) re-reads
 * the file; a bad new file is logged with its problems and the running configuration stays.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a configuration until stopped.",
      "SIGHUP or `tailgate reload -c FILE` re-reads FILE; SIGTERM drains requests in flight and stops."
    })
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "the configuration file")
  Path config;

  @Option(
      names = "--pid-file",
      paramLabel = "PATH",
      description =
          "where to write the process id (default: derived from FILE, in the temp directory)")
  Path pidFile;

  @Option(
      names = "--drain",
      paramLabel = "SECONDS",
      defaultValue = "10",
      description = "how long a stop waits for requests in flight (default: ${DEFAULT-VALUE})")
  long drainSeconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ConfigLoader loader = StandardModules.loader();
    TailgateConfig loaded;
    try {
      loaded = loader.load(config);
    } catch (ConfigException e) {
      spec.commandLine().getErr().println(e.getMessage());
      spec.commandLine()
          .getErr()
          .println(config + ": the configuration is invalid; nothing was started");
      return 1;
    }
    TailgateServer server;
    try {
      server = TailgateServer.builder(loaded).drain(Duration.ofSeconds(drainSeconds)).start();
    } catch (StartupException e) {
      spec.commandLine().getErr().println("tailgate: " + e.getMessage() + "; nothing was started");
      return 1;
    }
    Path pid = pidFile != null ? pidFile : PidFile.defaultFor(config);
    ServerSignals signals = new ServerSignals();
    signals.install(() -> reload(loader, server));
    PidFile.write(pid, ProcessHandle.current().pid());
    LOG.info(
        "tailgate is serving {} (pid {}, pid file {})", config, ProcessHandle.current().pid(), pid);
    String cause = signals.awaitStop();
    LOG.info("{}: stopping, draining requests in flight (up to {}s)", cause, drainSeconds);
    server.close();
    deleteQuietly(pid);
    LOG.info("stopped");
    return 0;
  }

  private void reload(ConfigLoader loader, TailgateServer server) {
    try {
      server.reload(loader.load(config));
    } catch (ConfigException e) {
      LOG.error("reload rejected, the previous configuration keeps serving:\n{}", e.getMessage());
    } catch (StartupException e) {
      LOG.error("reload rejected, the previous configuration keeps serving: {}", e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("reload failed, the previous configuration keeps serving", e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the process is going away; a stale pid file is harmless (reload checks the process)
    }
  }
}
