package dev.tailgate.config.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the location sections that apply to a path. httpd 2.4 walks {@code <Location>} and {@code
 * <LocationMatch>} together in config order (main server's before the vhost's), so there is no
 * "most specific wins": the order the admin wrote is the merge order.
 */
public final class LocationMatcher {

  private LocationMatcher() {}

  /** A section that matched, and how. */
  public record Matched(LocationSection section, LocationMatch match) {}

  public static List<Matched> matching(List<LocationSection> sections, String path) {
    List<Matched> matched = new ArrayList<>();
    for (LocationSection section : sections) {
      Optional<LocationMatch> match = section.pattern().match(path);
      match.ifPresent(m -> matched.add(new Matched(section, m)));
    }
    return matched;
  }
}
