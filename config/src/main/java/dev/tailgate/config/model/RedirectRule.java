package dev.tailgate.config.model;

import dev.tailgate.config.syntax.SourceLocation;
import java.util.Optional;

/**
 * mod_alias's {@code Redirect}: a request whose path is {@code path} or below it (segment-wise, as
 * {@link PathPrefix}) is sent to {@code target} plus the rest of the path, escaped again as
 * mod_alias does.
 *
 * @param target empty for statuses that carry no URL (410 gone, and other non-3xx codes)
 * @param appendPath false for the path-less form inside a location section, which redirects every
 *     matching request to {@code target} as is
 */
public record RedirectRule(
    int status, String path, Optional<String> target, boolean appendPath, SourceLocation at) {

  /** The remainder of {@code requestPath} after {@code path}, if the rule applies. */
  public Optional<String> remainder(String requestPath) {
    return PathPrefix.remainder(requestPath, path);
  }

  /** The Location header value for {@code requestPath}, if the rule applies and has a target. */
  public Optional<String> locationFor(String requestPath) {
    return target.flatMap(
        t ->
            remainder(requestPath)
                .map(rest -> appendPath ? t + UriPathEncoding.encodeForRedirect(rest) : t));
  }
}
