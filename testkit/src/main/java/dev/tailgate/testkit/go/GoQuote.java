package dev.tailgate.testkit.go;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Go's {@code %q} verb ({@code strconv.Quote}), used in tailscaled error texts such as {@code
 * invalid domain "x"; must be one of ["a" "b"]} that clients may match on.
 */
public final class GoQuote {
  private GoQuote() {}

  public static String quote(String s) {
    StringBuilder out = new StringBuilder(s.length() + 2).append('"');
    s.codePoints().forEach(cp -> appendEscaped(out, cp));
    return out.append('"').toString();
  }

  /** {@code %q} of a {@code []string}: space separated, no commas. */
  public static String quote(List<String> list) {
    return list.stream().map(GoQuote::quote).collect(Collectors.joining(" ", "[", "]"));
  }

  private static void appendEscaped(StringBuilder out, int cp) {
    switch (cp) {
      case '"' -> out.append("\\\"");
      case '\\' -> out.append("\\\\");
      case 7 -> out.append("\\a");
      case '\b' -> out.append("\\b");
      case '\f' -> out.append("\\f");
      case '\n' -> out.append("\\n");
      case '\r' -> out.append("\\r");
      case '\t' -> out.append("\\t");
      case 11 -> out.append("\\v");
      default -> {
        if (cp < 0x20 || cp == 0x7f) {
          out.append(String.format("\\x%02x", cp));
        } else if (cp >= 0x80 && !isPrintable(cp)) {
          out.append(cp > 0xFFFF ? String.format("\\U%08x", cp) : String.format("\\u%04x", cp));
        } else {
          out.appendCodePoint(cp);
        }
      }
    }
  }

  private static boolean isPrintable(int cp) {
    int type = Character.getType(cp);
    return type != Character.CONTROL
        && type != Character.FORMAT
        && type != Character.UNASSIGNED
        && type != Character.PRIVATE_USE
        && type != Character.SURROGATE
        && type != Character.LINE_SEPARATOR
        && type != Character.PARAGRAPH_SEPARATOR
        && (type != Character.SPACE_SEPARATOR || cp == ' ');
  }
}
