package dev.tailgate.server.http;

import java.util.Locale;
import org.eclipse.jetty.http.HttpField;

/**
 * Header names as a backend may read them. CGI, WSGI, PHP and many frameworks turn {@code X-User},
 * {@code x-user} and {@code X_User} into one variable ({@code HTTP_X_USER}), so two names that fold
 * to the same form must be treated as the same header whenever tailgate decides what a client may
 * send.
 */
public final class HeaderNames {
  private HeaderNames() {}

  /** Lower case, with {@code _} read as {@code -}. */
  public static String fold(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * A client's header name folded. Jetty caches the lower-case name, so on the request path only a
   * name with {@code _} costs an allocation.
   */
  public static String fold(HttpField field) {
    String lower = field.getLowerCaseName();
    return lower.indexOf('_') < 0 ? lower : lower.replace('_', '-');
  }
}
