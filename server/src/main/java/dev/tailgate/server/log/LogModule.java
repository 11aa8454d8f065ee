package dev.tailgate.server.log;

import static dev.tailgate.config.Arity.between;
import static dev.tailgate.config.Arity.exactly;
import static dev.tailgate.config.DirectiveDefinition.SERVER_AND_VHOST;
import static dev.tailgate.config.DirectiveDefinition.SERVER_ONLY;
import static dev.tailgate.config.DirectiveDefinition.directive;

import dev.tailgate.config.ConfigModule;
import dev.tailgate.config.DirectiveCall;
import dev.tailgate.config.DirectiveDefinition;
import dev.tailgate.config.PendingAccessLog;
import dev.tailgate.config.model.LogTarget;
import dev.tailgate.config.model.ModuleKey;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.modules.OnOff;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The core's ErrorLog and mod_log_config's CustomLog, LogFormat and BufferedLogs. */
public final class LogModule implements ConfigModule {

  /** {@code BufferedLogs}: whether file logs gather lines before writing them. */
  public static final ModuleKey<Boolean> BUFFERED = ModuleKey.replacing("buffered-logs");

  private static final String FORMAT_HINT =
      "see httpd's mod_log_config, e.g. \"%h %l %u %t \\\"%r\\\" %>s %b\"";

  @Override
  public String name() {
    return "log";
  }

  @Override
  public List<DirectiveDefinition> directives() {
    return List.of(
        directive(
            "ErrorLog", SERVER_ONLY, exactly(1), "ErrorLog file-path|\"|command\"", this::errorLog),
        directive(
            "CustomLog",
            SERVER_AND_VHOST,
            between(2, 3),
            "CustomLog file-path|\"|command\" format|nickname",
            this::customLog),
        directive(
            "LogFormat",
            SERVER_AND_VHOST,
            between(1, 2),
            "LogFormat \"format\" nickname",
            this::logFormat),
        directive("BufferedLogs", SERVER_ONLY, exactly(1), "BufferedLogs On|Off", this::buffered));
  }

  /** Whether {@code config}'s file logs are buffered ({@code BufferedLogs On}); off by default. */
  public static boolean buffered(TailgateConfig config) {
    return config.mainServer().host().modules().get(BUFFERED).orElse(false);
  }

  private void buffered(DirectiveCall call) {
    OnOff.parse(call, call.arg(0))
        .ifPresent(on -> call.scope().modules().update(BUFFERED, () -> on, old -> on));
  }

  private void errorLog(DirectiveCall call) {
    if (call.arg(0).toLowerCase(Locale.ROOT).startsWith("syslog")) {
      call.problem("syslog is not supported", "write a file path or \"|command\"");
      return;
    }
    target(call, call.arg(0)).ifPresent(call.scope().host()::errorLog);
  }

  private void customLog(DirectiveCall call) {
    if (call.args().size() == 3) {
      call.problem(
          "conditions such as \"" + call.arg(2) + "\" are not supported",
          "remove \"" + call.arg(2) + "\"");
      return;
    }
    Optional<LogTarget> target = target(call, call.arg(0));
    String format = call.arg(1);
    boolean nickname = format.indexOf('%') < 0;
    if (nickname && format.chars().anyMatch(Character::isWhitespace)) {
      call.problem("\"" + format + "\" is neither a nickname nor a format", FORMAT_HINT);
      return;
    }
    if (!nickname && !validFormat(call, format)) {
      return;
    }
    target.ifPresent(
        t -> call.scope().host().accessLog(new PendingAccessLog(t, format, nickname, call.at())));
  }

  private void logFormat(DirectiveCall call) {
    if (call.args().size() == 1) {
      call.problem(
          "without a nickname LogFormat only sets TransferLog's format, and tailgate has no TransferLog",
          "add a nickname: LogFormat \"" + call.arg(0) + "\" mylog, then CustomLog file mylog");
      return;
    }
    if (call.arg(1).indexOf('%') >= 0) {
      call.problem(
          "nickname \"" + call.arg(1) + "\" must not contain %",
          "write LogFormat \"format\" nickname");
      return;
    }
    if (validFormat(call, call.arg(0))) {
      call.scope().host().logFormat(call.arg(1), call.arg(0));
    }
  }

  private static boolean validFormat(DirectiveCall call, String format) {
    Optional<String> problem = LogFormatSyntax.check(format);
    problem.ifPresent(p -> call.problem(p, FORMAT_HINT));
    return problem.isEmpty();
  }

  private static Optional<LogTarget> target(DirectiveCall call, String argument) {
    if (argument.startsWith("|")) {
      String command = argument.substring(1).strip();
      if (command.isEmpty()) {
        call.problem("the pipe has no command", "write \"|/usr/bin/logger -t tailgate\"");
        return Optional.empty();
      }
      return Optional.of(new LogTarget.Pipe(command));
    }
    Path file = call.scope().server().resolve(argument);
    Path dir = file.getParent();
    if (dir != null && !Files.isDirectory(dir)) {
      call.problem(
          "directory " + dir + " for the log file does not exist", "create it or fix the path");
      return Optional.empty();
    }
    return Optional.of(new LogTarget.File(file));
  }
}
