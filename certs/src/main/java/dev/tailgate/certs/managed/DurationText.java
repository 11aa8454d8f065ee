package dev.tailgate.certs.managed;

import java.time.Duration;
import java.util.Locale;

/**
 * httpd's duration syntax as mod_md reads it: a number with an optional unit ({@code d}, {@code h},
 * {@code mi} or {@code m}, {@code s}, {@code ms}); no unit means seconds.
 */
public final class DurationText {
  private DurationText() {}

  /**
   * @throws IllegalArgumentException naming the accepted units
   */
  public static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    int split = 0;
    while (split < value.length() && Character.isDigit(value.charAt(split))) {
      split++;
    }
    if (split == 0) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a duration; write e.g. 30d, 12h, 90m, 45s or 500ms");
    }
    long amount = Long.parseLong(value.substring(0, split));
    String unit = value.substring(split);
    switch (unit) {
      case "", "s":
        return Duration.ofSeconds(amount);
      case "ms":
        return Duration.ofMillis(amount);
      case "m", "mi":
        return Duration.ofMinutes(amount);
      case "h":
        return Duration.ofHours(amount);
      case "d":
        return Duration.ofDays(amount);
      default:
        throw new IllegalArgumentException(
            "'" + text + "': unknown unit '" + unit + "'; use d, h, m, s or ms");
    }
  }

  /** The shortest exact form: {@code 30d}, {@code 12h}, {@code 90s}. */
  public static String format(Duration duration) {
    long seconds = duration.toSeconds();
    if (duration.toMillis() % 1000 != 0) {
      return duration.toMillis() + "ms";
    }
    if (seconds % 86400 == 0 && seconds > 0) {
      return seconds / 86400 + "d";
    }
    if (seconds % 3600 == 0 && seconds > 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0 && seconds > 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
