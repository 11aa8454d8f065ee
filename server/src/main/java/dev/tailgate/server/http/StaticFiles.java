package dev.tailgate.server.http;

import dev.tailgate.config.model.EffectiveLocation;
import dev.tailgate.config.model.PathPrefix;
import dev.tailgate.config.model.UriPathEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves a path from the DocumentRoot: the very path the location rules were matched against
 * ({@link RequestPath}), never Jetty's own reading of the request target, which drops {@code
 * ;parameters} and so could serve {@code /private/f} for {@code /private;x/f} that no {@code
 * <Location /private>} covers. Names that start with a dot are refused (403), as httpd's stock
 * configuration refuses {@code .ht*}: {@code .htpasswd}, {@code .git} and {@code .env} are not
 * content. {@code AllowDotFiles /.well-known} opens a tree; {@code .ht*} stays closed everywhere.
 * Directories behave as with httpd's mod_dir: named without their slash they redirect (301) to it,
 * and a file named with a trailing slash is not found.
 */
final class StaticFiles {
  private StaticFiles() {}

  static boolean serve(
      Site site,
      EffectiveLocation location,
      Handler files,
      Request request,
      Response response,
      Callback callback)
      throws Exception {
    String path = location.path();
    DotName dot = dotName(path);
    if (dot == DotName.HT || (dot == DotName.OTHER && !allowed(site, path))) {
      ErrorPages.send(
          response,
          callback,
          403,
          "Files whose names start with a dot are not served"
              + (dot == DotName.HT
                  ? "."
                  : " here; the server's administrator can allow a tree with AllowDotFiles."));
      return true;
    }
    Path root = site.vhost().host().documentRoot().orElse(null);
    if (root != null && path.length() > 1) {
      Path file = root.resolve(path.substring(1));
      BasicFileAttributes found = attributes(file);
      boolean slash = path.endsWith("/");
      if (!slash && found != null && found.isDirectory()) {
        redirectToSlash(request, response, callback, path);
        return true;
      }
      if (slash && found != null && found.isRegularFile()) {
        ErrorPages.send(response, callback, 404, "There is no directory at " + path + ".");
        return true;
      }
      if (slash
          && found != null
          && found.isDirectory()
          && location.directoryIndex().stream()
              .noneMatch(index -> Files.isRegularFile(file.resolve(index)))) {
        // as httpd without mod_autoindex: a directory with no index file has nothing to show
        ErrorPages.send(response, callback, 404, "There is no index page at " + path + ".");
        return true;
      }
    }
    // ';' is escaped so that Jetty takes it as part of a file name, as httpd does, not as a
    // parameter
    String encoded = UriPathEncoding.encode(path).replace(";", "%3B");
    HttpURI uri = HttpURI.build(request.getHttpURI()).path(encoded).asImmutable();
    return files.handle(
        new Request.Wrapper(request) {
          @Override
          public HttpURI getHttpURI() {
            return uri;
          }
        },
        response,
        callback);
  }

  /** mod_dir's answer for a directory named without its slash: 301 to the same URL with one. */
  private static void redirectToSlash(
      Request request, Response response, Callback callback, String path) {
    HttpURI uri = request.getHttpURI();
    String query = uri.getQuery();
    String authority = request.getHeaders().get(HttpHeader.HOST);
    String location =
        (request.isSecure() ? "https" : "http")
            + "://"
            + (authority == null ? uri.getAuthority() : authority)
            + UriPathEncoding.encodeForRedirect(path)
            + "/"
            + (query == null ? "" : "?" + query);
    response.getHeaders().put(HttpHeader.LOCATION, location);
    ErrorPages.send(response, callback, 301, "The directory is at " + location + ".");
  }

  /**
   * What {@code file} is (following links, as serving it would), read once; null when nothing is
   * there.
   */
  private static BasicFileAttributes attributes(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
  }

  private enum DotName {
    NONE,
    HT,
    OTHER
  }

  private static DotName dotName(String path) {
    DotName found = DotName.NONE;
    for (int i = path.indexOf("/."); i >= 0; i = path.indexOf("/.", i + 1)) {
      if (path.startsWith("/.ht", i)) {
        return DotName.HT;
      }
      found = DotName.OTHER;
    }
    return found;
  }

  private static boolean allowed(Site site, String path) {
    for (String prefix : site.vhost().host().dotFilePrefixes()) {
      if (PathPrefix.match(path, prefix) >= 0) {
        return true;
      }
    }
    return false;
  }
}
