package dev.tailgate.testkit;

import java.util.Arrays;
import java.util.Optional;

/**
 * The LocalAPI routes the fake serves, with the 403 text each one answers when the caller lacks
 * permission (spec §1.5), so fault switches can target them individually.
 */
public enum LocalApiRoute {
  WHOIS("whois", "whois access denied"),
  STATUS("status", "status access denied"),
  CERT_DOMAINS("cert-domains", "cert-domains access denied"),
  /** {@code cert/<domain>}: a prefix route. */
  CERT("cert/", "cert access denied"),
  /** A stream of change notifications (spec §5). */
  WATCH_IPN_BUS("watch-ipn-bus", "watch ipn bus access denied");

  private static final String PREFIX = "/localapi/v0/";

  private final String route;
  private final String deniedMessage;

  LocalApiRoute(String route, String deniedMessage) {
    this.route = route;
    this.deniedMessage = deniedMessage;
  }

  /** The path after {@code /localapi/v0/}; ends with {@code /} for prefix routes. */
  public String route() {
    return route;
  }

  public String deniedMessage() {
    return deniedMessage;
  }

  /**
   * Matches like tailscaled's {@code handlerForPath}: exact names, or a prefix for names ending in
   * '/'.
   */
  static Optional<LocalApiRoute> forPath(String path) {
    if (!path.startsWith(PREFIX)) {
      return Optional.empty();
    }
    String name = path.substring(PREFIX.length());
    return Arrays.stream(values())
        .filter(e -> e.route.endsWith("/") ? name.startsWith(e.route) : name.equals(e.route))
        .findFirst();
  }
}
