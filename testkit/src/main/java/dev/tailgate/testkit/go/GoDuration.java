package dev.tailgate.testkit.go;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration}, byte for byte including its error texts, because tailscaled
 * echoes them in the 400 for a bad {@code min_validity} ({@code invalid validity parameter: time:
 * invalid duration "x"}). It accepts what Go accepts ({@code 1h30m}, {@code .5s}, {@code -2m},
 * {@code 0}) and rejects what Go rejects ({@code 1}, {@code 5d}, {@code ""}).
 */
public final class GoDuration {
  private static final long LIMIT = Long.MIN_VALUE; // 1<<63 read as unsigned
  private static final Map<String, Long> UNITS =
      Map.of(
          "ns", 1L,
          "us", 1_000L,
          "\u00b5s", 1_000L,
          "\u03bcs", 1_000L,
          "ms", 1_000_000L,
          "s", 1_000_000_000L,
          "m", 60_000_000_000L,
          "h", 3_600_000_000_000L);

  private GoDuration() {}

  /**
   * Parses like Go.
   *
   * @throws IllegalArgumentException whose message is exactly Go's error text
   */
  public static Duration parse(String text) {
    return Duration.ofNanos(new Parser(text).parse());
  }

  private static final class Parser {
    private final byte[] s;
    private int pos;

    Parser(String text) {
      this.s = text.getBytes(StandardCharsets.UTF_8);
    }

    long parse() {
      long d = 0;
      boolean neg = false;
      if (s.length > 0 && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        pos = 1;
      }
      if (s.length - pos == 1 && s[pos] == '0') {
        return 0;
      }
      if (pos == s.length) {
        throw invalid();
      }
      while (pos < s.length) {
        if (!(s[pos] == '.' || isDigit(s[pos]))) {
          throw invalid();
        }
        int start = pos;
        long v = leadingInt();
        boolean pre = pos != start;
        long f = 0;
        double scale = 1;
        boolean post = false;
        if (pos < s.length && s[pos] == '.') {
          pos++;
          int fracStart = pos;
          boolean overflow = false;
          while (pos < s.length && isDigit(s[pos])) {
            if (!overflow) {
              if (Long.compareUnsigned(f, Long.MAX_VALUE / 10) > 0) {
                overflow = true;
              } else {
                long y = f * 10 + (s[pos] - '0');
                if (Long.compareUnsigned(y, LIMIT) > 0) {
                  overflow = true;
                } else {
                  f = y;
                  scale *= 10;
                }
              }
            }
            pos++;
          }
          post = pos != fracStart;
        }
        if (!pre && !post) {
          throw invalid();
        }
        int unitStart = pos;
        while (pos < s.length && s[pos] != '.' && !isDigit(s[pos])) {
          pos++;
        }
        if (pos == unitStart) {
          throw new IllegalArgumentException("time: missing unit in duration " + quote(s));
        }
        byte[] unitBytes = java.util.Arrays.copyOfRange(s, unitStart, pos);
        Long unit = UNITS.get(new String(unitBytes, StandardCharsets.UTF_8));
        if (unit == null) {
          throw new IllegalArgumentException(
              "time: unknown unit " + quote(unitBytes) + " in duration " + quote(s));
        }
        if (Long.compareUnsigned(v, Long.divideUnsigned(LIMIT, unit)) > 0) {
          throw invalid();
        }
        v *= unit;
        if (f > 0) {
          v += (long) ((double) f * ((double) unit / scale));
          if (Long.compareUnsigned(v, LIMIT) > 0) {
            throw invalid();
          }
        }
        d += v;
        if (Long.compareUnsigned(d, LIMIT) > 0) {
          throw invalid();
        }
      }
      if (neg) {
        return -d;
      }
      if (d < 0) {
        throw invalid();
      }
      return d;
    }

    private long leadingInt() {
      long x = 0;
      while (pos < s.length && isDigit(s[pos])) {
        if (Long.compareUnsigned(x, Long.divideUnsigned(LIMIT, 10)) > 0) {
          throw invalid();
        }
        x = x * 10 + (s[pos] - '0');
        if (Long.compareUnsigned(x, LIMIT) > 0) {
          throw invalid();
        }
        pos++;
      }
      return x;
    }

    private IllegalArgumentException invalid() {
      return new IllegalArgumentException("time: invalid duration " + quote(s));
    }

    private static boolean isDigit(byte b) {
      return b >= '0' && b <= '9';
    }
  }

  /** Go's private {@code time.quote}: non-ASCII and control bytes become {@code \xNN}. */
  static String quote(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length + 2).append('"');
    int i = 0;
    while (i < bytes.length) {
      int b = bytes[i] & 0xff;
      if (b >= 0x80 || b < ' ') {
        int width = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
        for (int j = 0; j < width && i + j < bytes.length; j++) {
          out.append(String.format("\\x%02x", bytes[i + j] & 0xff));
        }
        i += width;
      } else {
        if (b == '"' || b == '\\') {
          out.append('\\');
        }
        out.append((char) b);
        i++;
      }
    }
    return out.append('"').toString();
  }
}
