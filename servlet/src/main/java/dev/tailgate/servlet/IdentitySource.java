package dev.tailgate.servlet;

import dev.tailgate.auth.identity.IdentityLookup;
import jakarta.servlet.http.HttpServletRequest;
import java.util.concurrent.CompletableFuture;

/** Where the filter learns who sent a request: tailscaled, or a trusted proxy's headers. */
interface IdentitySource extends AutoCloseable {

  CompletableFuture<IdentityLookup> identify(HttpServletRequest request);

  /** Whether the request's identity headers, as sent, may reach the application. */
  boolean headersTrusted(HttpServletRequest request);

  @Override
  void close();
}
