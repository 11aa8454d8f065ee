package dev.tailgate.servlet;

import dev.tailgate.auth.identity.IdentityLookup;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Where the filter learns who sent a request: tailscaled, or a trusted proxy's headers. */
interface IdentitySource extends AutoCloseable {

  /**
   * @param fromTrustedProxy what {@link #trusts} said of this request
   */
  CompletableFuture<IdentityLookup> identify(HttpServletRequest request, boolean fromTrustedProxy);

  /** Whether the request's peer is a proxy whose identity headers are believed. */
  boolean trusts(HttpServletRequest request);

  /** The identity headers (lower case, canonical spelling) a trusted peer's request may show. */
  Set<String> vouched();

  @Override
  void close();
}
