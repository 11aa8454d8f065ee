package dev.tailgate.testkit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;

/**
 * Picks a node's tailnet addresses from its name: an IPv4 in 100.64.0.0/10 and an IPv6 in
 * fd7a:115c:a1e0::/48 whose last two bytes repeat the IPv4's, as real ones do. Derived, so the same
 * tailnet description yields the same addresses on every run.
 */
final class TailnetAddresses {
  private TailnetAddresses() {}

  static List<InetAddress> allocate(String seed, Set<InetAddress> used) {
    for (int attempt = 0; attempt < 10_000; attempt++) {
      byte[] h = DerivedIds.sha256("addr:" + attempt + ":" + seed);
      byte[] v4 = {100, (byte) (64 + (h[0] & 0x3f)), h[1], (byte) (1 + (h[2] & 0xff) % 254)};
      byte[] v6 = {
        (byte) 0xfd,
        0x7a,
        0x11,
        0x5c,
        (byte) 0xa1,
        (byte) 0xe0,
        0,
        0,
        0,
        0,
        0,
        0,
        (byte) Math.max(1, h[3] & 0xff),
        0x01,
        v4[2],
        v4[3]
      };
      InetAddress ip4 = of(v4);
      InetAddress ip6 = of(v6);
      if (!used.contains(ip4) && !used.contains(ip6)) {
        used.add(ip4);
        used.add(ip6);
        return List.of(ip4, ip6);
      }
    }
    throw new IllegalStateException("no free tailnet address");
  }

  private static InetAddress of(byte[] bytes) {
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
