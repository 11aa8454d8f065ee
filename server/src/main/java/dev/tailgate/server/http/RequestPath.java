package dev.tailgate.server.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The path a request is about, derived from the raw request target exactly as httpd derives {@code
 * r->uri} ({@code ap_normalize_path} then {@code ap_unescape_url}, with httpd's defaults {@code
 * MergeSlashes On} and {@code AllowEncodedSlashes Off}): percent-escapes of unreserved characters
 * decoded, runs of {@code /} merged, {@code .} and {@code ..} segments removed, then every other
 * escape decoded. Locations, {@code ProxyPass}, {@code Redirect} and static files all match against
 * this one value, so no two parts of tailgate can disagree about which resource a request names.
 * Path parameters ({@code ;x}) are part of the path, as in httpd, and are forwarded.
 *
 * <p>Jetty's own canonical path is never used for a decision: it drops path parameters and keeps
 * some escapes, which is how a location rule and a proxy rule once disagreed.
 */
public final class RequestPath {

  /** The outcome of normalising one request target's path. */
  public sealed interface Result {}

  /**
   * @param path decoded and normalised; always starts with {@code /}
   */
  public record Valid(String path) implements Result {}

  /**
   * @param status 400 for a malformed path, 404 for one httpd refuses to map (an encoded / or NUL)
   */
  public record Invalid(int status, String reason) implements Result {}

  private RequestPath() {}

  /**
   * @param raw the path of the request target as the client sent it, still percent-encoded
   */
  public static Result of(String raw) {
    if (raw == null || raw.isEmpty() || raw.charAt(0) != '/') {
      return new Invalid(400, "the request target's path must start with /");
    }
    if (alreadyNormal(raw)) {
      return new Valid(raw);
    }
    StringBuilder normalized = new StringBuilder(raw.length());
    if (!normalize(raw, normalized)) {
      return new Invalid(400, "the path has a malformed %-escape or climbs above the root");
    }
    return unescape(normalized.toString());
  }

  /**
   * Whether neither step could change {@code path}: no escape, no run of slashes, no segment that
   * starts with a dot, nothing but ASCII. Most requests' paths, which then cost one scan and no
   * copy.
   */
  private static boolean alreadyNormal(String path) {
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' || c >= 0x80) {
        return false;
      }
      if (c == '/'
          && i + 1 < path.length()
          && (path.charAt(i + 1) == '/' || path.charAt(i + 1) == '.')) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code ap_normalize_path} with AP_NORMALIZE_DECODE_UNRESERVED, MERGE_SLASHES, NOT_ABOVE_ROOT.
   */
  private static boolean normalize(String path, StringBuilder out) {
    boolean ok = true;
    char[] in = path.toCharArray();
    int length = in.length;
    out.append('/');
    int l = 1;
    while (l < length) {
      if (in[l] == '%') {
        if (isHex(in, l + 1) && isHex(in, l + 2)) {
          char decoded = (char) hex(in, l + 1);
          if (isUnreserved(decoded)) {
            l += 2;
            in[l] = decoded;
          }
        } else {
          ok = false;
        }
      }
      if (out.charAt(out.length() - 1) == '/') {
        if (in[l] == '/') {
          while (l < length && in[l] == '/') {
            l++;
          }
          continue;
        }
        if (in[l] == '.') {
          if (slashOrEnd(in, l + 1)) {
            l += l + 1 < length ? 2 : 1;
            continue;
          }
          int n = l + 1;
          boolean dotDot = n < length && in[n] == '.';
          if (!dotDot
              && n + 2 < length
              && in[n] == '%'
              && in[n + 1] == '2'
              && (in[n + 2] == 'e' || in[n + 2] == 'E')) {
            dotDot = true;
            n += 2;
          }
          if (dotDot && slashOrEnd(in, n + 1)) {
            if (out.length() > 1) {
              int back = out.length() - 1;
              while (back > 0 && out.charAt(back - 1) != '/') {
                back--;
              }
              out.setLength(back);
            } else {
              ok = false;
            }
            l = n + 1 < length ? n + 2 : n + 1;
            continue;
          }
        }
      }
      out.append(in[l]);
      l++;
    }
    return ok;
  }

  /** {@code ap_unescape_url} with KEEP_UNRESERVED and FORBID_SLASHES, then UTF-8. */
  private static Result unescape(String path) {
    if (path.indexOf('%') < 0 && isAscii(path)) {
      return new Valid(path);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
    boolean badPath = false;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && isHex(path, i + 1) && isHex(path, i + 2)) {
        int decoded = hex(path, i + 1);
        if (decoded == 0 || decoded == '/') {
          badPath = true;
        }
        bytes.write(decoded);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    if (badPath) {
      return new Invalid(
          404, "the path has an encoded / or NUL (%2F, %00), which httpd refuses too");
    }
    try {
      return new Valid(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray()))
              .toString());
    } catch (CharacterCodingException e) {
      return new Invalid(400, "the path's %-escapes are not UTF-8");
    }
  }

  private static boolean slashOrEnd(char[] path, int index) {
    return index >= path.length || path[index] == '/';
  }

  private static boolean isAscii(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /** RFC 3986 unreserved: ALPHA / DIGIT / "-" / "." / "_" / "~". */
  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static boolean isHex(char[] text, int index) {
    return index < text.length && Character.digit(text[index], 16) >= 0 && text[index] < 0x80;
  }

  private static boolean isHex(CharSequence text, int index) {
    return index < text.length()
        && text.charAt(index) < 0x80
        && Character.digit(text.charAt(index), 16) >= 0;
  }

  private static int hex(char[] text, int index) {
    return Character.digit(text[index], 16) * 16 + Character.digit(text[index + 1], 16);
  }

  private static int hex(CharSequence text, int index) {
    return Character.digit(text.charAt(index), 16) * 16
        + Character.digit(text.charAt(index + 1), 16);
  }
}
