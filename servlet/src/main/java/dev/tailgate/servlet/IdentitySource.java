package dev.tailgate.servlet;

import dev.tailgate.auth.identity.IdentityLookup;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Where the filter learns who sent a request: tailscaled, or a trusted proxy's headers. */
interface IdentitySource extends AutoCloseable {

  /**
   * @param peer the connection's peer address, parsed once per request by the filter
   * @param fromTrustedProxy what {@link #trusts} said of this peer
   */
  CompletableFuture<IdentityLookup> identify(
      HttpServletRequest request, Optional<InetAddress> peer, boolean fromTrustedProxy);

  /** Whether the peer is a proxy whose identity headers are believed. */
  boolean trusts(Optional<InetAddress> peer);

  /** The identity headers (lower case, canonical spelling) a trusted peer's request may show. */
  Set<String> vouched();

  @Override
  void close();
}
