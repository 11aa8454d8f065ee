package dev.tailgate.config.model;

import dev.tailgate.config.syntax.SourceLocation;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A {@code <VirtualHost>}, or the main server (no addresses), which answers connections no vhost
 * claims.
 */
public record VirtualHost(List<VirtualHostAddress> addresses, HostConfig host, SourceLocation at) {
  /**
   * Wildcard aliases are matched on every request, so each is compiled once. Keys are configured
   * aliases only, so the map grows with the configuration, never with traffic.
   */
  private static final Map<String, Pattern> ALIAS_PATTERNS = new ConcurrentHashMap<>();

  public VirtualHost {
    addresses = List.copyOf(addresses);
  }

  public boolean isMainServer() {
    return addresses.isEmpty();
  }

  /**
   * Whether {@code hostName} (already without port and trailing dot) is this host's ServerName or
   * one of its ServerAliases; aliases may use {@code *} and {@code ?}. Case-insensitive, as DNS
   * names are.
   */
  public boolean answersTo(String hostName) {
    String wanted = hostName.toLowerCase(Locale.ROOT);
    if (host.serverName().isPresent() && host.serverName().get().equalsIgnoreCase(wanted)) {
      return true;
    }
    for (String alias : host.serverAliases()) {
      if (aliasMatches(alias.toLowerCase(Locale.ROOT), wanted)) {
        return true;
      }
    }
    return false;
  }

  private static boolean aliasMatches(String alias, String name) {
    if (!WildcardTranslator.hasWildcard(alias)) {
      return alias.equals(name);
    }
    Pattern pattern =
        ALIAS_PATTERNS.computeIfAbsent(alias, a -> Pattern.compile(WildcardTranslator.toRegex(a)));
    return pattern.matcher(name).matches();
  }

  /** For messages and the summary, e.g. {@code <VirtualHost *:443>}. */
  public String describe() {
    if (isMainServer()) {
      return "main server";
    }
    return "<VirtualHost "
        + String.join(" ", addresses.stream().map(VirtualHostAddress::toString).toList())
        + ">";
  }
}
