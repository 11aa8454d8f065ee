package dev.tailgate.testkit;

import dev.tailgate.testkit.go.GoNetip;
import dev.tailgate.testkit.go.GoStruct;
import dev.tailgate.testkit.go.RawJson;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wire shapes of {@code tailcfg.Node} and {@code tailcfg.UserProfile} (v1.92+ omit rules),
 * field for field in Go declaration order, as in {@code fixtures/whois-*.json}.
 */
final class NodeJson {
  private NodeJson() {}

  static GoStruct node(FakeNode node) {
    List<String> prefixes = prefixes(node.addresses());
    return new GoStruct()
        .field("ID", node.id())
        .field("StableID", node.stableId())
        .field("Name", node.name())
        .field("User", node.user())
        .omitZero("Sharer", node.sharer())
        .field("Key", node.key())
        .omitZero("KeyExpiry", node.keyExpiry())
        .omitZero("Machine", node.machineKey())
        .omitZero("DiscoKey", node.discoKey())
        .field("Addresses", prefixes)
        .field("AllowedIPs", prefixes)
        .omitEmpty("Endpoints", node.endpoints())
        .omitZero("HomeDERP", node.homeDerp())
        .omitZero("Hostinfo", hostinfo(node))
        .omitZero("Created", node.created())
        .omitZero("Cap", node.capVersion())
        .omitEmpty("Tags", node.tags())
        .field("Online", node.online())
        .field("MachineAuthorized", true)
        .field("ComputedName", node.computedName())
        .field("ComputedNameWithHost", node.computedNameWithHost());
  }

  static GoStruct userProfile(FakeUser user) {
    return new GoStruct()
        .field("ID", user.id())
        .field("LoginName", user.loginName())
        .field("DisplayName", user.displayName())
        .omitZero("ProfilePicURL", user.profilePicUrl())
        .omitEmpty("Groups", user.groups());
  }

  /** The whois top-level {@code CapMap}: {@code null} when nothing is granted (no omitempty). */
  static Map<String, List<RawJson>> capMap(FakeNode node) {
    return node.grants().isEmpty() ? null : new TreeMap<>(node.grants());
  }

  static List<String> prefixes(List<InetAddress> addresses) {
    return addresses.stream()
        .map(a -> GoNetip.format(a) + (a.getAddress().length == 4 ? "/32" : "/128"))
        .toList();
  }

  static List<String> plain(List<InetAddress> addresses) {
    return addresses.stream().map(GoNetip::format).toList();
  }

  private static GoStruct hostinfo(FakeNode node) {
    List<GoStruct> services =
        node.peerApiPort() == 0
            ? List.of()
            : List.of(
                new GoStruct().field("Proto", "peerapi4").field("Port", node.peerApiPort()),
                new GoStruct().field("Proto", "peerapi6").field("Port", node.peerApiPort()));
    return new GoStruct()
        .omitZero("OS", node.os())
        .omitZero("OSVersion", node.osVersion())
        .omitZero("Hostname", node.hostname())
        .omitZero("ShareeNode", node.shareeNode())
        .omitEmpty("Services", services);
  }
}
