package dev.tailgate.testkit.go;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Go's {@code netip.ParseAddr} / {@code netip.ParseAddrPort} rules, as whois applies them to its
 * {@code addr} parameter. Java's {@link InetAddress#getByName} would fall back to a DNS lookup and
 * accepts forms Go rejects ({@code 1.2.3}, leading zeros, brackets without a port), so literals are
 * validated here first and never resolved.
 *
 * <p>An IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) comes back as the IPv4 address, which is
 * what tailscaled on main does before its lookup.
 */
public final class GoNetip {
  private GoNetip() {}

  public static Optional<InetAddress> parseAddr(String text) {
    if (text.isEmpty()) {
      return Optional.empty();
    }
    if (text.indexOf(':') >= 0) {
      return parseIpv6(text);
    }
    return parseIpv4(text);
  }

  /** {@code ip:port} or {@code [v6]:port}; the port is mandatory. */
  public static Optional<InetSocketAddress> parseAddrPort(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String host = text.substring(0, colon);
    String port = text.substring(colon + 1);
    Optional<Integer> portNumber = parsePort(port);
    if (portNumber.isEmpty()) {
      return Optional.empty();
    }
    Optional<InetAddress> address;
    if (host.startsWith("[")) {
      if (host.length() < 2 || !host.endsWith("]")) {
        return Optional.empty();
      }
      String inner = host.substring(1, host.length() - 1);
      if (inner.indexOf(':') < 0) {
        return Optional.empty(); // brackets are for IPv6 only
      }
      address = parseIpv6(inner);
    } else {
      if (host.indexOf(':') >= 0) {
        return Optional.empty(); // IPv6 needs brackets
      }
      address = parseIpv4(host);
    }
    return address.map(a -> new InetSocketAddress(a, portNumber.get()));
  }

  /** Go's {@code netip.Addr.String()}: dotted quad, or RFC 5952 compressed lowercase IPv6. */
  public static String format(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 4) {
      return address.getHostAddress();
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(groups[i]));
    }
    return out.toString();
  }

  /** {@code ip:port}, or {@code [v6]:port}, as Go's {@code netip.AddrPort.String()}. */
  public static String formatAddrPort(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    String host = format(ip);
    return (ip.getAddress().length == 16 ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  private static Optional<Integer> parsePort(String port) {
    if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    int value = Integer.parseInt(port);
    return value > 65535 ? Optional.empty() : Optional.of(value);
  }

  private static Optional<InetAddress> parseIpv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty()
          || part.length() > 3
          || !part.chars().allMatch(c -> c >= '0' && c <= '9')
          || (part.length() > 1 && part.charAt(0) == '0')) {
        return Optional.empty();
      }
      int value = Integer.parseInt(part);
      if (value > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) value;
    }
    return byAddress(bytes);
  }

  private static Optional<InetAddress> parseIpv6(String text) {
    // Only hex digits, colons and an embedded dotted quad: anything else (zones,
    // brackets) is refused so that getByName never sees a host name.
    if (!text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(text));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  private static Optional<InetAddress> byAddress(byte[] bytes) {
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
