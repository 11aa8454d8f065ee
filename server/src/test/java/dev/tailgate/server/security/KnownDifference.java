package dev.tailgate.server.security;

import dev.tailgate.server.http.RequestPath;
import java.util.Optional;

/**
 * Where tailgate answers differently from httpd on purpose, each with the reason (docs/security.md
 * lists the same). A difference the differential test meets that none of these explains is a bug.
 */
enum KnownDifference {
  /**
   * A path whose escapes decode to bytes that are not UTF-8: httpd matches and forwards the raw
   * bytes; tailgate refuses with 400, since a path it cannot read as text is one its rules (written
   * as text) cannot be trusted to cover.
   */
  NOT_UTF8,
  /**
   * A file or directory whose name starts with a dot: httpd's stock configuration refuses only
   * {@code .ht*} files; tailgate refuses every dot-named file and directory ({@code .git/}, {@code
   * .env}) with 403 unless {@code AllowDotFiles} opens the tree.
   */
  DOT_NAMES,
  /**
   * A query with a {@code %} that starts no escape: httpd forwards it; tailgate answers 400, a
   * malformed request being the client's error, never the backend's to guess at.
   */
  MALFORMED_QUERY,
  /**
   * An escaped NUL ({@code %00}) in the path: Jetty's request parser refuses it with 400 before any
   * of tailgate's code runs, wherever it stands; httpd refuses it with 404, or serves the path when
   * a later {@code ..} removed the segment that held it.
   */
  NUL_ESCAPE;

  static Optional<KnownDifference> explain(
      String target, HttpdDifferentialTest.Outcome httpd, HttpdDifferentialTest.Outcome tailgate) {
    String rawPath = pathOf(target);
    String rawQuery = queryOf(target);
    RequestPath.Result path = RequestPath.of(rawPath);
    if (tailgate.status() == 400
        && path instanceof RequestPath.Invalid invalid
        && invalid.reason().contains("UTF-8")) {
      return Optional.of(NOT_UTF8);
    }
    if (tailgate.status() == 403
        && httpd.backendSaw() == null
        && path instanceof RequestPath.Valid valid
        && valid.path().contains("/.")) {
      return Optional.of(DOT_NAMES);
    }
    if (tailgate.status() == 400 && rawPath.contains("%00")) {
      return Optional.of(NUL_ESCAPE);
    }
    if (tailgate.status() == 400
        && rawQuery != null
        && rawQuery.matches(".*%(?![0-9A-Fa-f]{2}).*")) {
      return Optional.of(MALFORMED_QUERY);
    }
    return Optional.empty();
  }

  private static String pathOf(String target) {
    String path = target;
    if (path.startsWith("http://")) {
      int slash = path.indexOf('/', "http://".length());
      path = slash < 0 ? "/" : path.substring(slash);
    }
    int query = path.indexOf('?');
    return query < 0 ? path : path.substring(0, query);
  }

  private static String queryOf(String target) {
    int query = target.indexOf('?');
    return query < 0 ? null : target.substring(query + 1);
  }
}
