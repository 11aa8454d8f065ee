package dev.tailgate.auth.policy.providers;

import java.util.Locale;

/**
 * MagicDNS names compared the way DNS does: without the root's trailing dot, case-insensitively.
 */
final class DnsNames {
  private DnsNames() {}

  static String canonical(String name) {
    String trimmed = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return trimmed.toLowerCase(Locale.ROOT);
  }
}
