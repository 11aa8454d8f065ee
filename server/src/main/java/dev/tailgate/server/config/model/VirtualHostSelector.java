package dev.tailgate.server.config.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/** httpd's two-step virtual host selection: by local address first, then by name. */
final class VirtualHostSelector {

  private VirtualHostSelector() {
  }

  static VirtualHost select(TailgateConfig config, InetAddress localAddress, int localPort, String hostName) {
    List<VirtualHost> candidates = config.virtualHosts().stream()
        .filter(v -> v.addresses().stream().anyMatch(a -> a.matchesExactly(localAddress, localPort)))
        .toList();
    if (candidates.isEmpty()) {
      candidates = config.virtualHosts().stream()
          .filter(v -> v.addresses().stream().anyMatch(a -> a.matchesWildcard(localPort)))
          .toList();
    }
    if (candidates.isEmpty()) {
      return config.mainServer();
    }
    String name = normalize(hostName);
    if (!name.isEmpty()) {
      for (VirtualHost candidate : candidates) {
        if (candidate.answersTo(name)) {
          return candidate;
        }
      }
    }
    return candidates.get(0);
  }

  /** {@code Example.org.:8443} and {@code [::1]:443} to {@code example.org} and {@code ::1}. */
  static String normalize(String hostName) {
    if (hostName == null) {
      return "";
    }
    String name = hostName.strip().toLowerCase(Locale.ROOT);
    if (name.startsWith("[")) {
      int close = name.indexOf(']');
      return close > 0 ? name.substring(1, close) : name;
    }
    int colon = name.lastIndexOf(':');
    if (colon >= 0 && name.indexOf(':') == colon) {
      name = name.substring(0, colon);
    }
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
