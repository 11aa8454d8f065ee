package dev.tailgate.testkit.go;

import java.util.Optional;

/**
 * Go's {@code strconv.ParseBool}, which accepts more spellings than {@link Boolean#parseBoolean}.
 */
public final class GoStrconv {
  private GoStrconv() {}

  public static Optional<Boolean> parseBool(String text) {
    switch (text) {
      case "1", "t", "T", "TRUE", "true", "True":
        return Optional.of(true);
      case "0", "f", "F", "FALSE", "false", "False":
        return Optional.of(false);
      default:
        return Optional.empty();
    }
  }

  /** tailscaled's {@code defBool}: empty or unparsable means the default. */
  public static boolean parseBoolOr(String text, boolean defaultValue) {
    if (text == null || text.isEmpty()) {
      return defaultValue;
    }
    return parseBool(text).orElse(defaultValue);
  }
}
