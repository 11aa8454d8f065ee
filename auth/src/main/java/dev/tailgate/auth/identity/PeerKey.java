package dev.tailgate.auth.identity;

import dev.tailgate.localapi.PeerAddress;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where one whois answer applies. A tailnet address (100.64.0.0/10, fd7a:115c:a1e0::/48) is one
 * node's, whatever the port, so every connection from it shares one answer (tailscaled ignores the
 * port for these, spec §2.1 step 2). Any other address, loopback above all, can carry connections
 * that tailscaled proxied for different nodes (userspace networking), told apart only by the port,
 * so it stays keyed by {@code ip:port}, and by the connection too: a port is reused by the next
 * connection, which may be someone else's, so such an answer never outlives its connection.
 *
 * @param address {@code ip:port}, with port 0 for a whole node
 * @param wholeNode whether the answer serves every port of the address
 * @param connection the connection the answer belongs to; empty for a whole node
 */
public record PeerKey(String address, boolean wholeNode, String connection) {

  /**
   * @param connection an id unique to the client connection while it is open; empty when there is
   *     none (a request that describes its client, as nginx's auth_request does)
   * @return empty when the answer must not be kept: not a tailnet node, and no connection to keep
   *     it for
   */
  public static Optional<PeerKey> of(InetSocketAddress peer, Optional<String> connection) {
    InetAddress ip = peer.getAddress();
    if (isTailnet(ip)) {
      return Optional.of(new PeerKey(PeerAddress.format(ip, 0), true, ""));
    }
    return connection.map(id -> new PeerKey(PeerAddress.format(peer), false, id));
  }

  static boolean isTailnet(InetAddress ip) {
    byte[] b = ip.getAddress();
    if (ip instanceof Inet4Address) {
      return (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64;
    }
    if (ip instanceof Inet6Address) {
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
