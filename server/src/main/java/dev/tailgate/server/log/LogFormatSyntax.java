package dev.tailgate.server.log;

import java.util.Optional;

/**
 * Checks a mod_log_config format string by compiling it with the access logger itself, so what
 * {@code check} accepts is exactly what the server can log: a typo like {@code %>S} or an
 * unsupported {@code %k} fails at load time instead of logging a literal.
 */
final class LogFormatSyntax {

  private LogFormatSyntax() {}

  /**
   * @return the problem, if any
   */
  static Optional<String> check(String format) {
    try {
      LogFormat.compile(format);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }
}
