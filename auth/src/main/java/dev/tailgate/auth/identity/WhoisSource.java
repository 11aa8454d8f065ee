package dev.tailgate.auth.identity;

import dev.tailgate.localapi.model.WhoIs;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where whois answers come from: {@code LocalApiClient::whoisAsync} in production. An interface so
 * that one resolver can serve vhosts talking to different tailscaled sockets.
 */
@FunctionalInterface
public interface WhoisSource {

  /**
   * Empty when the peer is not on the tailnet; fails with a {@code LocalApiException} otherwise.
   */
  CompletableFuture<Optional<WhoIs>> whois(InetSocketAddress peer);

  /**
   * Whether this tailscaled's change notifications are arriving now, so that a cached answer may
   * serve a little past its timeout while it is refreshed. False unless a source watches.
   */
  default boolean changesArrive() {
    return false;
  }
}
