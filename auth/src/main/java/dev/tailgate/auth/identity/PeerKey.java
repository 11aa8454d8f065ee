package dev.tailgate.auth.identity;

import dev.tailgate.localapi.PeerAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where one whois answer applies. A tailnet address (100.64.0.0/10, fd7a:115c:a1e0::/48) is one
 * node's, whatever the port, so every connection from it shares one answer (tailscaled ignores the
 * port for these, spec §2.1 step 2). Any other address, loopback above all, can carry connections
 * that tailscaled proxied for different nodes (userspace networking), told apart only by the port,
 * so it stays keyed by {@code ip:port}.
 *
 * @param address {@code ip:port}, with port 0 for a whole node
 * @param wholeNode whether the answer serves every port of the address
 */
public record PeerKey(String address, boolean wholeNode) {

  public static PeerKey of(InetSocketAddress peer) {
    InetAddress ip = peer.getAddress();
    return isTailnet(ip)
        ? new PeerKey(PeerAddress.format(ip, 0), true)
        : new PeerKey(PeerAddress.format(peer), false);
  }

  static boolean isTailnet(InetAddress ip) {
    byte[] b = ip.getAddress();
    if (ip instanceof Inet4Address) {
      return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }
    if (ip instanceof Inet6Address v6) {
      if (v6.isIPv4CompatibleAddress()) {
        return false;
      }
      return (b[0] & 0xff) == 0xfd
          && (b[1] & 0xff) == 0x7a
          && (b[2] & 0xff) == 0x11
          && (b[3] & 0xff) == 0x5c
          && (b[4] & 0xff) == 0xa1
          && (b[5] & 0xff) == 0xe0;
    }
    return false;
  }
}
