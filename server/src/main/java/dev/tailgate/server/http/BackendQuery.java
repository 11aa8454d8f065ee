package dev.tailgate.server.http;

import java.nio.charset.StandardCharsets;

/**
 * A client's query string as tailgate sends it on. The query is the client's business and is passed
 * as sent, with two exceptions: characters that may not stand in a URL ({@code "}, {@code <},
 * {@code |}, a raw space or non-ASCII byte…) are escaped, which any backend decodes to the same
 * value; and a {@code %} that does not start an escape makes the request a 400, since it has no
 * meaning a backend could agree on (httpd forwards it; Jetty's client cannot, and a 500 is wrong).
 */
final class BackendQuery {
  private static final String KEPT = "-._~!$&'()*+,;=:@/?";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private BackendQuery() {}

  /** Whether {@code raw} has a {@code %} that does not start an escape. */
  static boolean malformed(String raw) {
    if (raw == null) {
      return false;
    }
    for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
      if (i + 2 >= raw.length() || !isHex(raw.charAt(i + 1)) || !isHex(raw.charAt(i + 2))) {
        return true;
      }
    }
    return false;
  }

  /** The query to send, null for none; {@code raw} must not be {@link #malformed}. */
  static String forBackend(String raw) {
    if (raw == null) {
      return null;
    }
    StringBuilder out = null;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' || kept(c)) {
        if (out != null) {
          out.append(c);
        }
        continue;
      }
      if (out == null) {
        out = new StringBuilder(raw.length() + 16).append(raw, 0, i);
      }
      for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
        out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
    }
    return out == null ? raw : out.toString();
  }

  private static boolean kept(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || KEPT.indexOf(c) >= 0;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
