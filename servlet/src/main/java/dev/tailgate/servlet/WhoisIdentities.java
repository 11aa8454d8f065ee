package dev.tailgate.servlet;

import dev.tailgate.auth.identity.IdentityLookup;
import dev.tailgate.auth.identity.IdentityResolver;
import dev.tailgate.auth.identity.WatchedWhoisSource;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Mode#WHOIS}: tailscaled is asked about the connection's peer, with the front door's
 * resolver, cache rules and change watch. No client header is believed.
 */
final class WhoisIdentities implements IdentitySource {
  private final FilterSettings settings;
  private final LocalApiClient client;
  private final IdentityResolver resolver = new IdentityResolver();
  private final WatchedWhoisSource source;

  WhoisIdentities(FilterSettings settings) throws LocalApiException {
    this.settings = settings;
    LocalApiClient.Builder builder =
        LocalApiClient.builder().requestTimeout(settings.whoisTimeout());
    settings.socket().ifPresent(builder::socket);
    this.client = builder.build();
    this.source = new WatchedWhoisSource(() -> client, resolver, client.endpoint().describe());
  }

  @Override
  public CompletableFuture<IdentityLookup> identify(
      HttpServletRequest request, Optional<InetAddress> peer, boolean fromTrustedProxy) {
    if (peer.isEmpty()) {
      return CompletableFuture.completedFuture(IdentityLookup.NOT_A_PEER);
    }
    return resolver.lookup(
        source,
        new InetSocketAddress(peer.get(), request.getRemotePort()),
        Optional.of(request.getServletConnection().getConnectionId()),
        settings.cacheTimeout(),
        settings.cacheGrace());
  }

  @Override
  public boolean trusts(Optional<InetAddress> peer) {
    return false;
  }

  @Override
  public Set<String> vouched() {
    return Set.of();
  }

  @Override
  public void close() {
    source.close();
    client.close();
  }
}
