package dev.tailgate.testkit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A consistent, immutable view of a {@link FakeTailnet} at one instant. Each request is answered
 * from one snapshot, so a test mutating the tailnet concurrently never produces a half-updated
 * response.
 *
 * @param self this daemon's own node
 * @param peers every other node in the netmap
 * @param users profiles by user ID
 * @param connections exact {@code ip:port} → node stable ID (userspace-networking proxy entries)
 * @param httpsEnabled whether the tailnet hands out certificates (CertDomains non-empty)
 * @param loggedIn false models a daemon without netmap (BackendState NeedsLogin)
 */
public record TailnetSnapshot(
    String tailnetName,
    String magicDnsSuffix,
    FakeNode self,
    List<FakeNode> peers,
    Map<Long, FakeUser> users,
    Map<InetSocketAddress, String> connections,
    boolean httpsEnabled,
    boolean loggedIn) {

  public TailnetSnapshot {
    peers = List.copyOf(peers);
    users = Map.copyOf(users);
    connections = Map.copyOf(connections);
  }

  /** Self first, then peers. */
  public Stream<FakeNode> nodes() {
    return Stream.concat(Stream.of(self), peers.stream());
  }

  public Optional<FakeUser> user(long id) {
    return Optional.ofNullable(users.get(id));
  }

  /** A node whose own tailnet address this is; the port plays no part (whois step 2). */
  public Optional<FakeNode> nodeByTailnetIp(InetAddress ip) {
    return nodes().filter(n -> n.addresses().contains(ip)).findFirst();
  }

  /** A node that has this IP as a loopback alias. */
  public Optional<FakeNode> nodeByLoopbackAlias(InetAddress ip) {
    return nodes().filter(n -> n.loopbackAliases().contains(ip)).findFirst();
  }

  /** A node registered for exactly this {@code ip:port} (whois step 3, the proxy mapper). */
  public Optional<FakeNode> nodeByConnection(InetSocketAddress ipPort) {
    String stableId = connections.get(ipPort);
    return stableId == null ? Optional.empty() : nodeByStableId(stableId);
  }

  public Optional<FakeNode> nodeByStableId(String stableId) {
    return nodes().filter(n -> n.stableId().equals(stableId)).findFirst();
  }

  public Optional<FakeNode> nodeById(long id) {
    return nodes().filter(n -> n.id() == id).findFirst();
  }

  public Optional<FakeNode> nodeByKey(String nodeKey) {
    return nodes().filter(n -> n.key().equals(nodeKey)).findFirst();
  }

  /** Status.CertDomains / cert-domains: self's FQDN without dot when HTTPS is on, else empty. */
  public List<String> certDomains() {
    if (!loggedIn || !httpsEnabled || self.fqdn().isEmpty()) {
      return List.of();
    }
    List<String> domains = new ArrayList<>();
    domains.add(self.fqdn());
    return domains;
  }
}
