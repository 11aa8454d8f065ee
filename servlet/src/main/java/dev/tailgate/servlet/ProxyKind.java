package dev.tailgate.servlet;

import java.util.Locale;
import java.util.Set;

/**
 * Which proxy the application sits behind, and so which identity headers it vouches for: a proxy
 * can only vouch for a header it removes from its clients' requests before it sets its own.
 */
public enum ProxyKind {
  /**
   * {@code tailscale serve}: it sets (and first deletes) {@code Tailscale-User-Login}, {@code
   * -User-Name} and {@code -User-Profile-Pic} only; a client's {@code Tailscale-Node-*} or {@code
   * Tailscale-App-Capabilities} pass through it untouched, so they are never believed.
   */
  TAILSCALE_SERVE(
      Set.of("tailscale-user-login", "tailscale-user-name", "tailscale-user-profile-pic")),
  /**
   * tailgate: it strips every identity header in every spelling and sets the user's, the node's,
   * its tags and capability grants.
   */
  TAILGATE(
      Set.of(
          "tailscale-user-login",
          "tailscale-user-name",
          "tailscale-user-profile-pic",
          "tailscale-node-name",
          "tailscale-node-tags",
          "tailscale-app-capabilities"));

  private final Set<String> vouched;

  ProxyKind(Set<String> vouched) {
    this.vouched = vouched;
  }

  /** The headers it vouches for, lower case, in their one canonical spelling. */
  public Set<String> vouched() {
    return vouched;
  }

  static ProxyKind parse(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "tailscale-serve", "serve" -> TAILSCALE_SERVE;
      case "tailgate" -> TAILGATE;
      default ->
          throw new IllegalArgumentException(
              "proxy \"" + value + "\" is not known: write tailscale-serve or tailgate");
    };
  }
}
