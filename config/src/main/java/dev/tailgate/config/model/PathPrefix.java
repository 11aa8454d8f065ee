package dev.tailgate.config.model;

import java.util.Optional;

/**
 * How mod_alias and mod_proxy decide that a configured path ({@code ProxyPass /app …}, {@code
 * Redirect /old …}) covers a request path: httpd's {@code alias_match}. A run of slashes in either
 * matches a run in the other, and the match must end where a segment ends: {@code /app} covers
 * {@code /app} and {@code /app/x} but not {@code /apple} or {@code /app@host}. A plain {@code
 * startsWith} once let {@code /app@127.0.0.1:9/x} through to a backend the client chose.
 */
public final class PathPrefix {

  private PathPrefix() {}

  /**
   * @return how many characters of {@code path} the prefix covers (more than its length when
   *     slashes were merged), or -1 when it does not cover the path
   */
  public static int match(String path, String prefix) {
    int a = 0;
    int u = 0;
    int aliasEnd = prefix.length();
    int uriEnd = path.length();
    while (a < aliasEnd && u < uriEnd) {
      if (prefix.charAt(a) == '/') {
        if (path.charAt(u) != '/') {
          return -1;
        }
        while (a < aliasEnd && prefix.charAt(a) == '/') {
          a++;
        }
        while (u < uriEnd && path.charAt(u) == '/') {
          u++;
        }
      } else if (path.charAt(u++) != prefix.charAt(a++)) {
        return -1;
      }
    }
    if (u == uriEnd && a != aliasEnd) {
      return -1;
    }
    if (a == 0) {
      return prefix.isEmpty() ? 0 : -1;
    }
    if (prefix.charAt(a - 1) != '/' && u < uriEnd && path.charAt(u) != '/') {
      return -1;
    }
    return u;
  }

  /** The part of {@code path} after the prefix, if the prefix covers it. */
  public static Optional<String> remainder(String path, String prefix) {
    int covered = match(path, prefix);
    return covered < 0 ? Optional.empty() : Optional.of(path.substring(covered));
  }
}
