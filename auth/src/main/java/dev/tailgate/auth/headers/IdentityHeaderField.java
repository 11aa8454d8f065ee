package dev.tailgate.auth.headers;

import java.util.Locale;
import java.util.Optional;

/**
 * What tailgate can tell a backend about the caller, each in its own request header. The user
 * fields and their default names are {@code tailscale serve}'s, so apps written for serve work
 * unchanged; the others are tailgate's, in the same style.
 */
public enum IdentityHeaderField {
  USER_LOGIN("user-login", "Tailscale-User-Login"),
  USER_NAME("user-name", "Tailscale-User-Name"),
  USER_PROFILE_PIC("user-profile-pic", "Tailscale-User-Profile-Pic"),
  NODE_NAME("node-name", "Tailscale-Node-Name"),
  NODE_TAGS("node-tags", "Tailscale-Node-Tags"),
  APP_CAPABILITIES("app-capabilities", "Tailscale-App-Capabilities"),
  /** The authenticated user (REMOTE_USER); off unless named, e.g. {@code X-Remote-User}. */
  REMOTE_USER("remote-user", null);

  private final String key;
  private final String defaultName;

  IdentityHeaderField(String key, String defaultName) {
    this.key = key;
    this.defaultName = defaultName;
  }

  /** The name used in the configuration ({@code AuthTailscaleHeader user-login X-Remote-User}). */
  public String key() {
    return key;
  }

  public Optional<String> defaultName() {
    return Optional.ofNullable(defaultName);
  }

  public static Optional<IdentityHeaderField> byKey(String key) {
    String wanted = key.toLowerCase(Locale.ROOT);
    for (IdentityHeaderField field : values()) {
      if (field.key.equals(wanted)) {
        return Optional.of(field);
      }
    }
    return Optional.empty();
  }
}
