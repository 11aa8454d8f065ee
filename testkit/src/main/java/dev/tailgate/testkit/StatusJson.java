package dev.tailgate.testkit;

import dev.tailgate.testkit.go.GoNetip;
import dev.tailgate.testkit.go.GoStruct;
import dev.tailgate.testkit.go.GoTime;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The wire shape of {@code ipnstate.Status} and {@code PeerStatus} as v1.98 writes it, matching
 * {@code fixtures/status*.json}: time fields without omit tag appear as Go's zero time, {@code
 * Peer} is keyed by node key and {@code User} by decimal user ID.
 */
final class StatusJson {
  static final String DEPRECATED_CAPS_MARKER =
      "HTTPS://TAILSCALE.COM/s/DEPRECATED-NODE-CAPS#see-https://github.com/tailscale/tailscale/issues/11508";
  private static final String ZERO_NODE_KEY = "nodekey:" + "0".repeat(64);

  private final String version;

  StatusJson(String version) {
    this.version = version;
  }

  /** A daemon with a netmap. Without peers, {@code Peer} and {@code User} are null (v1.98). */
  GoStruct running(TailnetSnapshot tailnet, boolean withPeers) {
    FakeNode self = tailnet.self();
    List<String> certDomains = tailnet.certDomains();
    return new GoStruct()
        .field("Version", version)
        .field("TUN", true)
        .field("BackendState", "Running")
        .omitEmpty("HaveNodeKey", true)
        .field("AuthURL", "")
        .field("TailscaleIPs", NodeJson.plain(self.addresses()))
        .field("Self", selfStatus(self, tailnet.httpsEnabled()))
        .field("Health", List.of())
        .field("MagicDNSSuffix", tailnet.magicDnsSuffix())
        .field(
            "CurrentTailnet",
            new GoStruct()
                .field("Name", tailnet.tailnetName())
                .field("MagicDNSSuffix", tailnet.magicDnsSuffix())
                .field("MagicDNSEnabled", true))
        .field("CertDomains", certDomains.isEmpty() ? null : certDomains)
        .field("Peer", withPeers ? peers(tailnet) : null)
        .field("User", withPeers ? users(tailnet) : null)
        .field("ClientVersion", null);
  }

  /** A daemon without netmap: a skeleton Self and nulls, as in {@code status-needslogin.json}. */
  GoStruct needsLogin(TailnetSnapshot tailnet) {
    FakeNode self = tailnet.self();
    GoStruct selfStatus =
        new GoStruct()
            .field("ID", "")
            .field("PublicKey", ZERO_NODE_KEY)
            .field("HostName", self.hostname())
            .field("DNSName", "")
            .field("OS", self.os() == null ? "" : self.os())
            .field("UserID", 0L)
            .field("TailscaleIPs", null)
            .field("Addrs", List.of());
    connectionFields(selfStatus, GoTime.ZERO, false, null);
    selfStatus.field("InNetworkMap", false).field("InMagicSock", false).field("InEngine", false);
    return new GoStruct()
        .field("Version", version)
        .field("TUN", true)
        .field("BackendState", "NeedsLogin")
        .field("AuthURL", "")
        .field("TailscaleIPs", null)
        .field("Self", selfStatus)
        .field("Health", List.of())
        .field("MagicDNSSuffix", "")
        .field("CurrentTailnet", null)
        .field("CertDomains", null)
        .field("Peer", null)
        .field("User", null)
        .field("ClientVersion", null);
  }

  private static GoStruct selfStatus(FakeNode self, boolean httpsEnabled) {
    GoStruct status = identityFields(self).field("Addrs", self.endpoints());
    connectionFields(
        status, self.created(), self.online(), self.peerApiPort() == 0 ? null : peerApiUrls(self));
    Map<String, Object> capMap = new TreeMap<>();
    if (httpsEnabled) {
      capMap.put("https", null);
    }
    List<String> capabilities = new ArrayList<>();
    if (!capMap.isEmpty()) {
      capabilities.add(DEPRECATED_CAPS_MARKER);
      capabilities.addAll(capMap.keySet());
    }
    return status
        .omitEmpty("Capabilities", capabilities)
        .omitEmpty("CapMap", capMap)
        .field("InNetworkMap", true)
        .field("InMagicSock", false)
        .field("InEngine", false)
        .omitZero("KeyExpiry", self.keyExpiry());
  }

  private static GoStruct peerStatus(FakeNode peer) {
    GoStruct status = identityFields(peer).field("Addrs", null);
    connectionFields(
        status, peer.created(), peer.online(), peer.peerApiPort() == 0 ? null : peerApiUrls(peer));
    return status
        .omitEmpty("ShareeNode", peer.shareeNode())
        .field("InNetworkMap", true)
        .field("InMagicSock", true)
        .field("InEngine", false)
        .omitZero("KeyExpiry", peer.keyExpiry());
  }

  private static GoStruct identityFields(FakeNode node) {
    return new GoStruct()
        .field("ID", node.stableId())
        .field("PublicKey", node.key())
        .field("HostName", node.hostname())
        .field("DNSName", node.name())
        .field("OS", node.os() == null ? "" : node.os())
        .field("UserID", node.user())
        .omitEmpty("AltSharerUserID", node.sharer())
        .field("TailscaleIPs", NodeJson.plain(node.addresses()))
        .omitEmpty("AllowedIPs", NodeJson.prefixes(node.addresses()))
        .omitEmpty("Tags", node.tags());
  }

  private static void connectionFields(
      GoStruct status, java.time.Instant created, boolean online, List<String> peerApiUrls) {
    status
        .field("CurAddr", "")
        .field("Relay", "")
        .field("PeerRelay", "")
        .field("RxBytes", 0L)
        .field("TxBytes", 0L)
        .field("Created", created == null ? GoTime.ZERO : created)
        .field("LastWrite", GoTime.ZERO)
        .field("LastSeen", GoTime.ZERO)
        .field("LastHandshake", GoTime.ZERO)
        .field("Online", online)
        .field("ExitNode", false)
        .field("ExitNodeOption", false)
        .field("Active", false)
        .field("PeerAPIURL", peerApiUrls)
        .field("TaildropTarget", 0)
        .field("NoFileSharingReason", "");
  }

  private static List<String> peerApiUrls(FakeNode node) {
    List<String> urls = new ArrayList<>();
    for (InetAddress ip : node.addresses()) {
      String host = GoNetip.format(ip);
      urls.add(
          "http://"
              + (ip.getAddress().length == 16 ? "[" + host + "]" : host)
              + ":"
              + node.peerApiPort());
    }
    return urls;
  }

  private static Map<String, GoStruct> peers(TailnetSnapshot tailnet) {
    Map<String, GoStruct> peers = new TreeMap<>();
    tailnet.peers().forEach(peer -> peers.put(peer.key(), peerStatus(peer)));
    return peers;
  }

  /** Profiles of everyone self and the peers refer to (owners and sharers). */
  private static Map<String, GoStruct> users(TailnetSnapshot tailnet) {
    Map<String, GoStruct> users = new LinkedHashMap<>();
    tailnet
        .nodes()
        .forEach(
            node -> {
              addUser(users, tailnet, node.user());
              addUser(users, tailnet, node.sharer());
            });
    return new TreeMap<>(users);
  }

  private static void addUser(Map<String, GoStruct> users, TailnetSnapshot tailnet, long id) {
    if (id != 0) {
      tailnet.user(id).ifPresent(u -> users.put(Long.toString(id), NodeJson.userProfile(u)));
    }
  }
}
