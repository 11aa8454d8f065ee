package dev.tailgate.testkit.go;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Go's {@code time.Time} JSON form (RFC 3339 with trailing zeros of the fraction trimmed), which
 * differs from {@link Instant#toString()} ({@code .5Z} versus {@code .500Z}).
 */
public final class GoTime {
  /**
   * Go's zero {@code time.Time}, written as {@code 0001-01-01T00:00:00Z} by fields without omit
   * tag.
   */
  public static final Instant ZERO = Instant.parse("0001-01-01T00:00:00Z");

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private GoTime() {}

  public static String format(Instant instant) {
    StringBuilder out = new StringBuilder(SECONDS.format(instant));
    int nanos = instant.getNano();
    if (nanos != 0) {
      String fraction = String.format("%09d", nanos).replaceFirst("0+$", "");
      out.append('.').append(fraction);
    }
    return out.append('Z').toString();
  }
}
