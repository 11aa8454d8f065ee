package dev.tailgate.server.auth;

import dev.tailgate.server.auth.compile.ProblemSink;
import dev.tailgate.server.auth.compile.SiteAuthSettings;
import dev.tailgate.server.auth.compile.SiteAuthSettingsCompiler;
import dev.tailgate.server.config.model.HostConfig;
import dev.tailgate.server.config.model.TailgateConfig;
import dev.tailgate.server.config.syntax.ConfigNode;
import dev.tailgate.server.http.FrontDoor;
import dev.tailgate.server.http.Site;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Request;

/**
 * The tailscale settings of the virtual host serving a request: its own {@code AuthTailscale…}
 * directives over the main server's. The vhost part comes from the request's {@link Site}, so a
 * reload takes effect with the first request it serves; the main server's part is replaced by
 * {@link #reloaded}.
 */
final class SiteSettings {
  private final SiteAuthSettingsCompiler compiler = new SiteAuthSettingsCompiler(ProblemSink.ALREADY_VALIDATED);
  private final AtomicReference<List<ConfigNode>> serverDirectives;
  private final BoundedCache<SiteAuthSettings> cache = new BoundedCache<>();

  SiteSettings(TailgateConfig config) {
    this.serverDirectives = new AtomicReference<>(config.serverDirectives());
  }

  void reloaded(TailgateConfig config) {
    serverDirectives.set(config.serverDirectives());
  }

  SiteAuthSettings of(Request request) {
    List<ConfigNode> server = serverDirectives.get();
    List<ConfigNode> vhost = List.of();
    if (request.getAttribute(FrontDoor.SITE_ATTRIBUTE) instanceof Site site) {
      HostConfig host = site.vhost().host();
      if (site.vhost().isMainServer()) {
        // the main server's host carries the server directives themselves, always the current ones
        server = host.rawDirectives();
      } else {
        vhost = host.rawDirectives();
      }
    }
    List<ConfigNode> serverPart = server;
    List<ConfigNode> vhostPart = vhost;
    return cache.get(new IdentityKey(List.of(server, vhost)), k -> compiler.compile(serverPart, vhostPart));
  }
}
