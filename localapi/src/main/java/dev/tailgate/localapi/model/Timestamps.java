package dev.tailgate.localapi.model;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Go writes RFC 3339 times with optional nanoseconds and uses {@code 0001-01-01T00:00:00Z} for
 * "unknown"; both are folded here so records can keep tailscaled's raw text and still offer
 * instants.
 */
final class Timestamps {
  private static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

  private Timestamps() {}

  static Optional<Instant> parse(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      Instant instant = Instant.parse(text);
      return instant.equals(GO_ZERO) ? Optional.empty() : Optional.of(instant);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
