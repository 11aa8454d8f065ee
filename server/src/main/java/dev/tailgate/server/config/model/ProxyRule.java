package dev.tailgate.server.config.model;

import dev.tailgate.server.config.syntax.SourceLocation;

import java.net.URI;
import java.util.Optional;

/**
 * A host-level {@code ProxyPass path url} or {@code ProxyPass path !}. Matching is mod_proxy's
 * plain string prefix (so {@code /app} also matches {@code /apple}), kept on purpose for httpd
 * compatibility; write {@code /app/} to get a segment match.
 *
 * @param target empty for the {@code !} exclusion
 */
public record ProxyRule(String path, Optional<URI> target, SourceLocation at) {

  public boolean matches(String requestPath) {
    return requestPath.startsWith(path);
  }
}
