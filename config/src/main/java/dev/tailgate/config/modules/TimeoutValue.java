package dev.tailgate.config.modules;

import dev.tailgate.config.DirectiveCall;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * httpd's {@code ap_timeout_parameter_parse}: a whole number of seconds, or with a unit suffix
 * {@code ms}, {@code s}, {@code mi} (minutes) or {@code h}. Every timeout directive reads its value
 * here, the core ones and those of feature modules ({@code AuthTailscaleCacheTimeout}).
 */
public final class TimeoutValue {

  private static final Pattern SYNTAX =
      Pattern.compile("(\\d{1,9})(ms|s|mi|h)?", Pattern.CASE_INSENSITIVE);

  private TimeoutValue() {}

  static Optional<Duration> parse(DirectiveCall call, String value) {
    Optional<Duration> parsed = parse(value);
    if (parsed.isEmpty()) {
      call.problem(
          "\"" + value + "\" is not a duration",
          "write whole seconds (" + call.node().name() + " 30) or add a unit: 500ms, 30s, 5mi, 1h");
    }
    return parsed;
  }

  /** The duration, or empty when {@code value} is not in httpd's timeout syntax. */
  public static Optional<Duration> parse(String value) {
    Matcher m = SYNTAX.matcher(value);
    if (!m.matches()) {
      return Optional.empty();
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    return Optional.of(
        switch (unit) {
          case "ms" -> Duration.ofMillis(amount);
          case "mi" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofSeconds(amount);
        });
  }
}
