package dev.tailgate.config.model;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/** httpd's two-step virtual host selection: by local address first, then by name. */
final class VirtualHostSelector {

  private VirtualHostSelector() {}

  /**
   * Runs for every request, so it walks the configuration without building lists: the hosts bound
   * to the exact local address are the candidates if there are any, else those on {@code *:port}.
   */
  static VirtualHost select(
      TailgateConfig config, InetAddress localAddress, int localPort, String hostName) {
    VirtualHost exact = pick(config.virtualHosts(), localAddress, localPort, hostName, true);
    if (exact != null) {
      return exact;
    }
    VirtualHost wildcard = pick(config.virtualHosts(), localAddress, localPort, hostName, false);
    return wildcard != null ? wildcard : config.mainServer();
  }

  /** The candidate answering to the name, else the first candidate (httpd's default), else null. */
  private static VirtualHost pick(
      List<VirtualHost> hosts,
      InetAddress localAddress,
      int localPort,
      String hostName,
      boolean exact) {
    VirtualHost first = null;
    String name = null;
    for (VirtualHost host : hosts) {
      if (!listensOn(host, localAddress, localPort, exact)) {
        continue;
      }
      if (first == null) {
        first = host;
        name = normalize(hostName);
      }
      if (!name.isEmpty() && host.answersTo(name)) {
        return host;
      }
    }
    return first;
  }

  private static boolean listensOn(
      VirtualHost host, InetAddress localAddress, int localPort, boolean exact) {
    for (VirtualHostAddress address : host.addresses()) {
      if (exact
          ? address.matchesExactly(localAddress, localPort)
          : address.matchesWildcard(localPort)) {
        return true;
      }
    }
    return false;
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
