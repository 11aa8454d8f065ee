package dev.tailgate.server.auth;

import dev.tailgate.server.auth.compile.SiteAuthSettings;
import dev.tailgate.server.auth.compile.TailscaleServerSettings;
import dev.tailgate.server.http.FrontDoor;
import dev.tailgate.server.http.Site;
import org.eclipse.jetty.server.Request;

/**
 * The tailscale settings of the virtual host serving a request, compiled at load (a vhost's {@code
 * AuthTailscale…} directives over the main server's) and read from the request's {@link Site}, so a
 * reload takes effect with the first request it serves.
 */
final class SiteSettings {
  private SiteSettings() {}

  static SiteAuthSettings of(Request request) {
    if (request.getAttribute(FrontDoor.SITE_ATTRIBUTE) instanceof Site site) {
      return site.vhost()
          .host()
          .modules()
          .get(TailscaleServerSettings.KEY)
          .map(TailscaleServerSettings::site)
          .orElse(SiteAuthSettings.DEFAULTS);
    }
    return SiteAuthSettings.DEFAULTS;
  }
}
