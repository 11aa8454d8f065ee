package dev.tailgate.config.model;

import dev.tailgate.config.syntax.SourceLocation;
import java.net.URI;

/**
 * Where one request is proxied to.
 *
 * @param target the configured backend URL; its scheme and authority are the only ones the request
 *     can ever reach
 * @param path the backend path, decoded: the target's path with the request's remainder (or a
 *     {@code <LocationMatch>}'s captures) put under it
 * @param at the ProxyPass line that decided it
 */
public record ProxyRoute(URI target, String path, SourceLocation at) {

  /**
   * The backend path for {@code remainder} under {@code target}'s path, by resolution rather than
   * by gluing strings: the result always starts with {@code /}, so what follows the prefix can
   * never become part of the authority.
   */
  public static ProxyRoute under(URI target, String remainder, SourceLocation at) {
    String base = target.getPath() == null ? "" : target.getPath();
    String joined = base + remainder;
    return new ProxyRoute(target, joined.startsWith("/") ? joined : "/" + joined, at);
  }

  /**
   * The URL to send: the target's origin, the path encoded once, and the client's query as sent.
   */
  public String uri(String rawQuery) {
    StringBuilder url =
        new StringBuilder(64)
            .append(target.getScheme())
            .append("://")
            .append(target.getRawAuthority())
            .append(UriPathEncoding.encode(path.startsWith("/") ? path : "/" + path));
    if (rawQuery != null) {
      url.append('?').append(rawQuery);
    }
    return url.toString();
  }
}
