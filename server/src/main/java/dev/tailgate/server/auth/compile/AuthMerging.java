package dev.tailgate.server.auth.compile;

import java.util.Locale;
import java.util.Optional;

/** mod_authz_core's {@code AuthMerging}: how a section's rules combine with the ones before it. */
public enum AuthMerging {
  OFF,
  AND,
  OR;

  public static Optional<AuthMerging> parse(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "off" -> Optional.of(OFF);
      case "and" -> Optional.of(AND);
      case "or" -> Optional.of(OR);
      default -> Optional.empty();
    };
  }
}
