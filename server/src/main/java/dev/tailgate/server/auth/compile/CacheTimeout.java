package dev.tailgate.server.auth.compile;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code AuthTailscaleCacheTimeout}'s value, read like httpd's {@code ap_timeout_parameter_parse}
 * (seconds by default; {@code ms}, {@code s}, {@code mi}, {@code h}). Zero is kept: it turns the
 * cache off, where httpd's module silently made it one second.
 */
final class CacheTimeout {
  static final Duration DEFAULT = Duration.ofSeconds(1);
  private static final Pattern SYNTAX = Pattern.compile("(\\d{1,9})(ms|s|mi|h)?", Pattern.CASE_INSENSITIVE);

  private CacheTimeout() {}

  static Optional<Duration> parse(String value) {
    Matcher m = SYNTAX.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    return Optional.of(switch (unit) {
      case "ms" -> Duration.ofMillis(amount);
      case "mi" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofSeconds(amount);
    });
  }
}
