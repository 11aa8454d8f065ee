package dev.tailgate.config.model;

import dev.tailgate.config.syntax.SourceLocation;
import java.net.URI;
import java.util.Optional;

/**
 * A host-level {@code ProxyPass path url} or {@code ProxyPass path !}. It covers a path as
 * mod_proxy's {@code alias_match} does ({@link PathPrefix}): {@code /app} covers {@code /app} and
 * {@code /app/x}, never {@code /apple}.
 *
 * @param target empty for the {@code !} exclusion
 */
public record ProxyRule(String path, Optional<URI> target, SourceLocation at) {

  /**
   * @return how many characters of {@code requestPath} the rule covers, or -1
   */
  public int match(String requestPath) {
    return PathPrefix.match(requestPath, path);
  }
}
