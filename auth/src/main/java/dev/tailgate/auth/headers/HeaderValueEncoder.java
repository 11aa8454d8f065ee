package dev.tailgate.auth.headers;

import java.nio.charset.StandardCharsets;

/**
 * Header values as {@code tailscale serve} sends them (since v1.64): printable ASCII unchanged,
 * anything else RFC 2047 Q-encoded exactly like Go's {@code mime.QEncoding.Encode("utf-8", v)}, so
 * a backend written for serve decodes ours. Invalid UTF-16 (a lone surrogate) gives an empty value,
 * as invalid UTF-8 does in serve.
 */
public final class HeaderValueEncoder {
  private static final String OPEN = "=?utf-8?q?";
  private static final String CLOSE = "?=";

  /** Go's {@code maxEncodedWordLen - len("=?UTF-8?q?") - len("?=")}. */
  private static final int MAX_CONTENT = 75 - 10 - 2;

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private HeaderValueEncoder() {}

  public static String encode(String value) {
    if (!needsEncoding(value)) {
      return value;
    }
    if (hasLoneSurrogate(value)) {
      return "";
    }
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(OPEN);
    int contentLength = 0;
    int i = 0;
    while (i < utf8.length) {
      int b = utf8[i] & 0xff;
      int runeLength = plain(b) ? 1 : sequenceLength(b);
      int encodedLength = plain(b) ? 1 : 3 * runeLength;
      if (contentLength + encodedLength > MAX_CONTENT) {
        out.append(CLOSE).append(' ').append(OPEN);
        contentLength = 0;
      }
      for (int k = i; k < i + runeLength && k < utf8.length; k++) {
        writeQ(out, utf8[k] & 0xff);
      }
      contentLength += encodedLength;
      i += runeLength;
    }
    return out.append(CLOSE).toString();
  }

  /**
   * Go's {@code needsEncoding}: any rune outside printable ASCII except tab. Such a value is what
   * {@link #encode} rewrites; one without needs no escaping anywhere in a header.
   */
  public static boolean needsEncoding(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if ((c < ' ' || c > '~') && c != '\t') {
        return true;
      }
    }
    return false;
  }

  /**
   * A byte Go's qEncode counts as one character: printable ASCII other than {@code = ? _} (space
   * included).
   */
  private static boolean plain(int b) {
    return b >= ' ' && b <= '~' && b != '=' && b != '?' && b != '_';
  }

  private static int sequenceLength(int lead) {
    if (lead >= 0xf0) {
      return 4;
    }
    if (lead >= 0xe0) {
      return 3;
    }
    if (lead >= 0xc0) {
      return 2;
    }
    return 1;
  }

  private static void writeQ(StringBuilder out, int b) {
    if (b == ' ') {
      out.append('_');
    } else if (b >= '!' && b <= '~' && b != '=' && b != '?' && b != '_') {
      out.append((char) b);
    } else {
      out.append('=').append(HEX[b >> 4]).append(HEX[b & 0x0f]);
    }
  }

  private static boolean hasLoneSurrogate(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }
}
