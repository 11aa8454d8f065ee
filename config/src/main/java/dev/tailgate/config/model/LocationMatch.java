package dev.tailgate.config.model;

import java.util.List;

/**
 * How a location section matched a request path.
 *
 * @param prefix the literal prefix a one-argument {@code ProxyPass} or {@code Redirect} maps from;
 *     empty for wildcard and regex sections
 * @param groups the regex groups, group 0 being the matched text, for {@code $1} in ProxyPass
 */
public record LocationMatch(String prefix, List<String> groups) {

  public LocationMatch {
    groups = List.copyOf(groups);
  }
}
