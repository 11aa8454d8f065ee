package dev.tailgate.server.config.model;

import dev.tailgate.server.config.syntax.ConfigNode;

import java.util.List;

/**
 * The not-yet-compiled directives (authz, for now) of one section that applies to a request, kept
 * per section so that the authz compiler can apply httpd's merging (a later section's {@code
 * Require} replaces an earlier one unless {@code AuthMerging} says otherwise).
 *
 * @param origin e.g. {@code <Location /app>}, for messages
 */
public record RawDirectiveLayer(String origin, List<ConfigNode> directives) {

  public RawDirectiveLayer {
    directives = List.copyOf(directives);
  }
}
