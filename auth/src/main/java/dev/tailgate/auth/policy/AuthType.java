package dev.tailgate.auth.policy;

import java.util.Locale;
import java.util.Optional;

/** mod_authn_core's {@code AuthType}: which authentication runs when a rule asks for a user. */
public enum AuthType {
  NONE,
  TAILSCALE;

  /** {@code None} and {@code tailscale}, any case; empty for types tailgate does not implement. */
  public static Optional<AuthType> parse(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "none" -> Optional.of(NONE);
      case "tailscale" -> Optional.of(TAILSCALE);
      default -> Optional.empty();
    };
  }
}
