package dev.tailgate.auth.headers;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The inverse of {@link HeaderValueEncoder}, for a backend that reads identity headers: RFC 2047
 * encoded words in UTF-8 ({@code =?utf-8?q?…?=} as {@code tailscale serve} and tailgate send them,
 * and {@code ?b?} for other senders), with the whitespace between adjacent encoded words dropped as
 * the RFC says. Text outside encoded words is kept; a word in another charset or malformed is kept
 * as it is rather than guessed at.
 */
public final class HeaderValueDecoder {
  private static final Pattern WORD = Pattern.compile("=\\?([^?]+)\\?([qQbB])\\?([^?]*)\\?=");

  private HeaderValueDecoder() {}

  public static String decode(String value) {
    Matcher words = WORD.matcher(value);
    StringBuilder out = new StringBuilder(value.length());
    int at = 0;
    boolean lastWasWord = false;
    while (words.find()) {
      String between = value.substring(at, words.start());
      if (!(lastWasWord && between.isBlank())) {
        out.append(between);
      }
      String decoded = word(words.group(1), words.group(2), words.group(3));
      out.append(decoded == null ? words.group() : decoded);
      lastWasWord = decoded != null;
      at = words.end();
    }
    return out.append(value.substring(at)).toString();
  }

  private static String word(String charset, String encoding, String text) {
    if (!charset.equalsIgnoreCase("utf-8")) {
      return null;
    }
    try {
      byte[] bytes =
          encoding.toLowerCase(Locale.ROOT).equals("b")
              ? Base64.getDecoder().decode(text)
              : quoted(text);
      return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static byte[] quoted(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '_') {
        bytes.write(' ');
      } else if (c == '=') {
        if (i + 2 >= text.length()) {
          return null;
        }
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          return null;
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toByteArray();
  }
}
