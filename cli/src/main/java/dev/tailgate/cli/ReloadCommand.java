package dev.tailgate.cli;

import dev.tailgate.config.syntax.ConfigException;
import dev.tailgate.server.runtime.PidFile;
import dev.tailgate.server.runtime.StandardModules;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tailgate reload -c FILE}: checks FILE first and signals the server only when it is valid,
 * so a typo is reported here, at the terminal, rather than only in the server's log.
 */
@Command(
    name = "reload",
    mixinStandardHelpOptions = true,
    description = "Check FILE, then tell the tailgate serving it to re-read it (SIGHUP).")
final class ReloadCommand implements Callable<Integer> {
  /** Linux derives process start times from the boot time, which it reports in whole seconds. */
  private static final Duration START_TIME_SLACK = Duration.ofSeconds(2);

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "the configuration file")
  Path config;

  @Option(
      names = "--pid-file",
      paramLabel = "PATH",
      description = "the running server's pid file (default: derived from FILE)")
  Path pidFile;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    try {
      StandardModules.loader().load(config);
    } catch (ConfigException e) {
      err.println(e.getMessage());
      err.println(
          config + ": the configuration is invalid; the running server was not told to reload");
      return 1;
    }
    Path pid = pidFile != null ? pidFile : PidFile.defaultFor(config);
    Optional<String> distrusted =
        Files.exists(pid, LinkOption.NOFOLLOW_LINKS) ? PidFile.distrust(pid) : Optional.empty();
    if (distrusted.isPresent()) {
      err.println(
          "tailgate: refusing the pid file "
              + pid
              + ": "
              + distrusted.get()
              + "; nothing was signalled."
              + " A pid file must belong to you or root and be writable by its owner only");
      return 1;
    }
    Optional<ProcessHandle> server =
        PidFile.read(pid).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    if (server.isEmpty()) {
      err.println(
          "tailgate: no running tailgate found for "
              + config
              + " (pid file "
              + pid
              + "); start it with"
              + " `tailgate run -c "
              + config
              + "`");
      return 1;
    }
    if (!startedBeforeWriting(server.get(), pid) || !PidFile.isTailgateServer(server.get())) {
      err.println(
          "tailgate: process "
              + server.get().pid()
              + " named in "
              + pid
              + " is not tailgate (the pid file is"
              + " stale); it was not signalled. Remove "
              + pid
              + " and start the server with `tailgate run -c "
              + config
              + "`");
      return 1;
    }
    if (HangupDisposition.ignoredBy(server.get().pid())) {
      err.println(
          "tailgate: process "
              + server.get().pid()
              + " ignores SIGHUP (it was started with nohup?), so it"
              + " cannot reload; nothing was signalled. "
              + config
              + " is valid: restart it without nohup to serve it");
      return 1;
    }
    Process kill =
        new ProcessBuilder("kill", "-HUP", Long.toString(server.get().pid())).inheritIO().start();
    if (kill.waitFor() != 0) {
      err.println("tailgate: could not signal process " + server.get().pid());
      return 1;
    }
    spec.commandLine()
        .getOut()
        .println(
            "reload requested: tailgate (pid " + server.get().pid() + ") is re-reading " + config);
    return 0;
  }

  /**
   * A pid file left by a killed server may name a process that reused the pid, and SIGHUP would
   * terminate it. The server writes its pid file after it started, so a process that started later
   * cannot be the writer; and the process's command line must be a tailgate's ({@link
   * PidFile#isTailgateServer}), which an older process such as sshd's is not.
   */
  private static boolean startedBeforeWriting(ProcessHandle process, Path pidFile) {
    Optional<Instant> started = process.info().startInstant();
    try {
      Instant written = Files.getLastModifiedTime(pidFile).toInstant();
      return started.map(s -> !s.isAfter(written.plus(START_TIME_SLACK))).orElse(true);
    } catch (IOException e) {
      return true; // the file just went away: nothing tells the process is not the server
    }
  }
}
