package dev.tailgate.server.auth.compile;

import dev.tailgate.auth.headers.IdentityHeaderNames;
import dev.tailgate.auth.policy.TaggedDevices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The per-server tailscale settings of one virtual host, with the main server's as defaults
 * (httpd's module dropped the cache timeout of every vhost; here each vhost has its own).
 *
 * @param socket tailscaled's socket; empty to find it as tailscale's CLI does
 * @param cacheTimeout how long a whois answer serves a peer's requests as it is; zero for no cache
 *     (httpd's module silently made zero one second)
 * @param cacheGrace how much longer a stale answer serves while one background whois refreshes it,
 *     as long as tailscaled's change notifications arrive
 */
public record SiteAuthSettings(
    Optional<Path> socket,
    Duration cacheTimeout,
    Duration cacheGrace,
    TaggedDevices taggedDevices,
    IdentityHeaderNames headerNames) {

  /** What a vhost has before any directive: the compiler starts from these. */
  public static final SiteAuthSettings DEFAULTS =
      new SiteAuthSettings(
          Optional.empty(),
          Duration.ofSeconds(1),
          Duration.ofSeconds(30),
          TaggedDevices.DEVICES,
          IdentityHeaderNames.DEFAULTS);
}
