package dev.tailgate.config.model;

import java.nio.charset.StandardCharsets;

/**
 * Puts a decoded path back on the wire the way mod_proxy does ({@code ap_proxy_canonenc} for a
 * path): letters, digits, {@code / ~ $ - _ . + ! * ' ( ) , ; : @ & =} as they are, every other byte
 * of its UTF-8 form as {@code %XX}. Applied once, to a path that was decoded once, so nothing is
 * double-encoded and nothing a client encoded ({@code %3F}, {@code %23}, {@code %20}) can turn into
 * syntax in the URL tailgate sends on.
 */
public final class UriPathEncoding {
  private static final String KEPT = "/~$-_.+!*'(),;:@&=";
  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();
  private static final char[] LOWER_HEX = "0123456789abcdef".toCharArray();

  private UriPathEncoding() {}

  /** For a backend request, as mod_proxy's {@code ap_proxy_canonenc}: upper-case hex. */
  public static String encode(String decodedPath) {
    return encode(decodedPath, UPPER_HEX);
  }

  /**
   * For a {@code Location} header, as mod_alias's {@code ap_os_escape_path}: the same set,
   * lower-case hex.
   */
  public static String encodeForRedirect(String decodedPath) {
    return encode(decodedPath, LOWER_HEX);
  }

  private static String encode(String decodedPath, char[] hex) {
    int i = 0;
    while (i < decodedPath.length() && kept(decodedPath.charAt(i))) {
      i++;
    }
    if (i == decodedPath.length()) {
      return decodedPath;
    }
    StringBuilder out = new StringBuilder(decodedPath.length() + 16).append(decodedPath, 0, i);
    for (byte b : decodedPath.substring(i).getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if (c < 0x80 && kept(c)) {
        out.append(c);
      } else {
        out.append('%').append(hex[c >> 4]).append(hex[c & 0xf]);
      }
    }
    return out.toString();
  }

  private static boolean kept(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || KEPT.indexOf(c) >= 0;
  }
}
