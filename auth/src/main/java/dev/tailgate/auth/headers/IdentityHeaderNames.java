package dev.tailgate.auth.headers;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The header name of each identity field for one virtual host, and every name a client must never
 * be allowed to send: the configured ones, the defaults, and the headers of tailscale serve and
 * nginx-auth, since a backend might trust any of them.
 */
public final class IdentityHeaderNames {
  /**
   * Headers tailscale's own tools set; stripped from every client request whatever the config says.
   */
  private static final List<String> TAILSCALE_HEADERS =
      List.of(
          "Tailscale-User-Login",
          "Tailscale-User-Name",
          "Tailscale-User-Profile-Pic",
          "Tailscale-App-Capabilities",
          "Tailscale-Funnel-Request",
          "Tailscale-Headers-Info",
          "Tailscale-Node-Name",
          "Tailscale-Node-Tags",
          "Tailscale-User",
          "Tailscale-Login",
          "Tailscale-Name",
          "Tailscale-Profile-Picture",
          "Tailscale-Tailnet");

  public static final IdentityHeaderNames DEFAULTS = new IdentityHeaderNames(Map.of());

  private final Map<IdentityHeaderField, Optional<String>> names =
      new EnumMap<>(IdentityHeaderField.class);
  private final Set<String> stripped;

  /**
   * @param overrides a field mapped to empty is not sent
   */
  public IdentityHeaderNames(Map<IdentityHeaderField, Optional<String>> overrides) {
    for (IdentityHeaderField field : IdentityHeaderField.values()) {
      names.put(field, overrides.getOrDefault(field, field.defaultName()));
    }
    Set<String> all = new LinkedHashSet<>();
    TAILSCALE_HEADERS.forEach(name -> all.add(folded(name)));
    names.values().forEach(name -> name.ifPresent(n -> all.add(folded(n))));
    this.stripped = Set.copyOf(all);
  }

  public Optional<String> name(IdentityHeaderField field) {
    return names.get(field);
  }

  /**
   * Every header name removed from client requests before anything else sees them, folded: lower
   * case with {@code _} as {@code -}, since CGI-style backends read {@code X_Remote_User} and
   * {@code X-Remote-User} as one variable. Compare a client's header name folded the same way.
   */
  public Set<String> stripped() {
    return stripped;
  }

  private static String folded(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
