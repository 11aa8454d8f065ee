package dev.tailgate.server.status;

import dev.tailgate.certs.managed.DomainStatus;
import dev.tailgate.server.auth.RecentDenials;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the status page shows, taken at one instant.
 *
 * @param watchLive whether tailscaled's change notifications arrive; empty when authentication is
 *     off or no identity was looked up yet
 * @param cachedPeers peers with a cached identity
 * @param listeners {@code address:port protocol}, as configured
 * @param virtualHosts {@code ServerName (aliases) on addresses}
 */
public record ServerStatus(
    Instant at,
    List<DomainStatus> domains,
    boolean authentication,
    Optional<Boolean> watchLive,
    long cachedPeers,
    List<RecentDenials.Denial> denials,
    List<String> listeners,
    List<String> virtualHosts) {

  public ServerStatus {
    domains = List.copyOf(domains);
    denials = List.copyOf(denials);
    listeners = List.copyOf(listeners);
    virtualHosts = List.copyOf(virtualHosts);
  }
}
