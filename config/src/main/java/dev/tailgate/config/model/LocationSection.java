package dev.tailgate.config.model;

import dev.tailgate.config.syntax.SourceLocation;

/** One {@code <Location>} or {@code <LocationMatch>} section, in config order. */
public record LocationSection(
    String sectionName, LocationPattern pattern, DirSettings settings, SourceLocation at) {

  /** As in the config, e.g. {@code <Location /app>}. */
  public String describe() {
    return "<"
        + sectionName
        + " "
        + pattern.source().replaceFirst("^~ ", sectionName.equalsIgnoreCase("Location") ? "~ " : "")
        + ">";
  }
}
