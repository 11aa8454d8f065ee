package dev.tailgate.testkit;

import dev.tailgate.testkit.go.GoJson;
import dev.tailgate.testkit.go.GoNetip;
import dev.tailgate.testkit.go.GoStruct;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code GET /localapi/v0/whois?addr=…} (spec §2). The lookup order is tailscaled's: a node's own
 * tailnet IP wins and the port is ignored; otherwise the loopback aliases stand in for the 100.x
 * source a test cannot use; otherwise only an exact registered {@code ip:port} matches, like the
 * userspace-networking proxy mapper. Every miss, including "not logged in" and "owner profile
 * missing", is the same 404.
 */
final class WhoisEndpoint implements Endpoint {
  private static final String NODEKEY_PREFIX = "nodekey:";

  @Override
  public Reply serve(ApiCall call) {
    String addr = call.param("addr");
    if (addr.isEmpty()) {
      return Reply.error(400, "missing 'addr' parameter");
    }
    TailnetSnapshot tailnet = call.tailnet();
    Optional<FakeNode> node;
    if (addr.startsWith(NODEKEY_PREFIX)) {
      Optional<String> key = normalizeNodeKey(addr);
      if (key.isEmpty()) {
        return Reply.error(400, "invalid nodekey in 'addr' parameter");
      }
      node = tailnet.loggedIn() ? tailnet.nodeByKey(key.get()) : Optional.empty();
    } else {
      Optional<InetSocketAddress> ipPort = parse(addr);
      if (ipPort.isEmpty()) {
        return Reply.error(400, "invalid 'addr' parameter");
      }
      node = tailnet.loggedIn() ? lookup(tailnet, ipPort.get()) : Optional.empty();
    }
    Optional<FakeUser> owner = node.flatMap(n -> tailnet.user(n.user()));
    if (owner.isEmpty()) {
      return Reply.error(404, "no match for IP:port");
    }
    GoStruct body =
        new GoStruct()
            .field("Node", NodeJson.node(node.get()))
            .field("UserProfile", NodeJson.userProfile(owner.get()))
            .field("CapMap", NodeJson.capMap(node.get()));
    return Reply.ok("application/json", GoJson.indent(body));
  }

  private static Optional<InetSocketAddress> parse(String addr) {
    Optional<InetAddress> bare = GoNetip.parseAddr(addr);
    if (bare.isPresent()) {
      return Optional.of(new InetSocketAddress(bare.get(), 0));
    }
    return GoNetip.parseAddrPort(addr);
  }

  private static Optional<FakeNode> lookup(TailnetSnapshot tailnet, InetSocketAddress ipPort) {
    InetAddress ip = ipPort.getAddress();
    Optional<FakeNode> node = tailnet.nodeByTailnetIp(ip);
    if (node.isEmpty()) {
      node = tailnet.nodeByLoopbackAlias(ip);
    }
    if (node.isEmpty() && ipPort.getPort() != 0) {
      node = tailnet.nodeByConnection(ipPort);
    }
    return node;
  }

  /** {@code key.NodePublic.UnmarshalText}: the prefix and exactly 64 hex digits. */
  private static Optional<String> normalizeNodeKey(String addr) {
    String hex = addr.substring(NODEKEY_PREFIX.length());
    if (hex.length() != 64
        || !HexFormat.isHexDigit(hex.charAt(0))
        || !hex.chars().allMatch(HexFormat::isHexDigit)) {
      return Optional.empty();
    }
    return Optional.of(NODEKEY_PREFIX + hex.toLowerCase(Locale.ROOT));
  }
}
