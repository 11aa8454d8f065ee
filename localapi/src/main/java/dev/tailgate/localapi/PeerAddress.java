package dev.tailgate.localapi;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Formats a connection's remote address the way tailscaled's whois parses it ({@code
 * netip.ParseAddrPort}): {@code 100.64.0.1:443} and {@code [fd7a:115c:a1e0::1]:443}. httpd's module
 * sent IPv6 without brackets and got 400 for every IPv6 peer; this is the fix. Also the cache key for
 * identities, so it must be stable for one peer.
 */
public final class PeerAddress {
  private PeerAddress() {}

  public static String format(InetSocketAddress peer) {
    InetAddress address = peer.getAddress();
    if (address == null) {
      throw new IllegalArgumentException("unresolved peer address: " + peer);
    }
    return format(address, peer.getPort());
  }

  public static String format(InetAddress address, int port) {
    String host = address.getHostAddress();
    if (address instanceof Inet6Address) {
      int zone = host.indexOf('%');
      if (zone >= 0) {
        host = host.substring(0, zone);
      }
      return "[" + host + "]:" + port;
    }
    return host + ":" + port;
  }
}
