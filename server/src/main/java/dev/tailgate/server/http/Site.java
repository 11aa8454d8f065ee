package dev.tailgate.server.http;

import dev.tailgate.config.model.VirtualHost;
import dev.tailgate.server.log.AccessLogger;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.server.Handler;

/**
 * A virtual host made ready to serve: its configuration plus the handlers and logs built for it.
 *
 * @param files serves the DocumentRoot; empty when the host has none
 */
public record Site(
    VirtualHost vhost,
    Optional<Handler> files,
    List<AccessLogger> accessLogs,
    LocationCache locations) {

  public Site {
    accessLogs = List.copyOf(accessLogs);
  }

  public Site(VirtualHost vhost, Optional<Handler> files, List<AccessLogger> accessLogs) {
    this(vhost, files, accessLogs, new LocationCache(vhost.host()));
  }

  /** ServerName for logs ({@code %v}); the vhost's description when it has none. */
  public String serverName() {
    return vhost.host().serverName().orElseGet(vhost::describe);
  }
}
