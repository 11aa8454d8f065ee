package dev.tailgate.localapi;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Formats a connection's remote address the way tailscaled's whois parses it ({@code
 * netip.ParseAddrPort}): {@code 100.64.0.1:443} and {@code [fd7a:115c:a1e0::1]:443}. httpd's module
 * sent IPv6 without brackets and got 400 for every IPv6 peer; this is the fix. Also the cache key
 * for identities, so it must be stable for one peer.
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
    if (address instanceof Inet6Address) {
      return "[" + canonical(address.getAddress()) + "]:" + port;
    }
    return address.getHostAddress() + ":" + port;
  }

  /**
   * RFC 5952's text form, as Go's {@code netip.Addr.String} and tailscale's own clients write it
   * ({@code ::1}, {@code fd7a:115c:a1e0::c701:2a07}), where Java writes every group ({@code
   * 0:0:0:0:0:0:0:1}): the longest run of two or more zero groups (the first of equals) becomes
   * {@code ::}, and the zone, if any, is dropped.
   */
  static String canonical(byte[] address) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int length = 0;
      while (i + length < 8 && groups[i + length] == 0) {
        length++;
      }
      if (length > bestLength) {
        bestStart = i;
        bestLength = length;
      }
      i += length;
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
        continue;
      }
      if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
        text.append(':');
      }
      text.append(Integer.toHexString(groups[i]));
    }
    return text.toString();
  }
}
