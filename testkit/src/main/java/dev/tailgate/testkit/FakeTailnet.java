package dev.tailgate.testkit;

import dev.tailgate.testkit.go.GoNetip;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The tailnet a {@link FakeTailscaled} reports: users, nodes, tags, shares, app-capability grants,
 * the self node, whether HTTPS certificates are enabled and whether the daemon is logged in. It is
 * thread-safe and mutable while the fake runs; every request is answered from one {@link
 * #snapshot()}, as real tailscaled answers from one netmap.
 *
 * <p>Tests cannot originate traffic from 100.x addresses, so a node can have loopback aliases
 * ({@code 127.0.0.2}): whois for {@code 127.0.0.2:<any port>} names that node while its JSON {@code
 * Addresses} still show its tailnet IPs. {@link #mapConnection} instead registers one exact {@code
 * ip:port}, like tailscaled's userspace-networking proxy mapper.
 *
 * <h2>Tailnet file ({@link #load(Path)})</h2>
 *
 * A JSON object; unknown keys are an error so that typos surface. See {@code testkit/README.md} and
 * the resource {@code dev/tailgate/testkit/example-tailnet.json}.
 *
 * <pre>{@code
 * {
 *   "tailnet": "example.com",                 // CurrentTailnet.Name (required)
 *   "magicDNSSuffix": "tail4c2a9.ts.net",     // required, no dots around it
 *   "httpsEnabled": true,                     // default true
 *   "loggedIn": true,                         // default true
 *   "taggedDevicesUserId": 30504053928343272, // default: derived from the tailnet name
 *   "users": [ { "loginName": "alice@example.com", "displayName": "Alice",
 *                "id": 7193842950712345, "profilePicURL": "https://…", "groups": ["group:eng"] } ],
 *   "self":  NODE,                            // required
 *   "nodes": [ NODE, … ],
 *   "connections": { "127.0.0.1:40001": "laptop" }   // exact ip:port → node name
 * }
 * NODE = {
 *   "name": "laptop",                 // short MagicDNS name (not for sharee nodes)
 *   "user": "alice@example.com",      // owner's loginName; omit for tagged nodes
 *   "tags": ["tag:ci"],               // makes it a tagged node
 *   "sharedIn": { "fqdn": "nas.tail9f3e1.ts.net", "sharer": "dave@other.org" },
 *   "sharee": true,                   // an outside user's device ("user" = that user)
 *   "loopbackAliases": ["127.0.0.2"],
 *   "capMap": { "example.com/cap/admin": [ {"role": "admin"} ] },
 *   // optional overrides of derived values:
 *   "id", "stableId", "key", "machineKey", "discoKey", "keyExpiry" (RFC 3339 or null),
 *   "addresses", "endpoints", "homeDERP", "os", "osVersion", "hostname",
 *   "peerAPIPort", "created", "capVersion", "online"
 * }
 * }</pre>
 */
public final class FakeTailnet {
  private String tailnetName;
  private String magicDnsSuffix;
  private FakeUser taggedDevices;
  private final Map<Long, FakeUser> users = new LinkedHashMap<>();
  private FakeNode self;
  private final Map<String, FakeNode> peers = new LinkedHashMap<>();
  private final Map<InetSocketAddress, String> connections = new LinkedHashMap<>();
  private boolean httpsEnabled = true;
  private boolean loggedIn = true;

  private FakeTailnet(String tailnetName, String magicDnsSuffix) {
    this.tailnetName = Objects.requireNonNull(tailnetName, "tailnetName");
    this.magicDnsSuffix = requireSuffix(magicDnsSuffix);
    this.taggedDevices = FakeUser.taggedDevices(DerivedIds.userId("tagged-devices@" + tailnetName));
    this.users.put(taggedDevices.id(), taggedDevices);
  }

  /**
   * An empty tailnet whose self node is a tagged server {@code vps} (replace it with {@link
   * #setSelf}). HTTPS is enabled and the daemon is logged in.
   */
  private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

  /**
   * Runs {@code listener} after every change, still holding the tailnet's lock, so listeners see
   * changes one at a time and in order (the fake's {@code watch-ipn-bus} is one).
   */
  public void onChange(Runnable listener) {
    listeners.add(listener);
  }

  private void changed() {
    listeners.forEach(Runnable::run);
  }

  public static FakeTailnet create(String tailnetName, String magicDnsSuffix) {
    FakeTailnet tailnet = new FakeTailnet(tailnetName, magicDnsSuffix);
    tailnet.setSelf(FakeNode.named("vps").tags("tag:server"));
    return tailnet;
  }

  /** Reads a tailnet file (schema in the class comment). */
  public static FakeTailnet load(Path file) throws IOException {
    return TailnetFile.read(file);
  }

  /** Reads a tailnet file from a stream. */
  public static FakeTailnet load(InputStream json) throws IOException {
    return TailnetFile.read(json);
  }

  /**
   * The example tailnet shipped with the testkit ({@code headless-chicken.ts.net}: self {@code
   * vps}, icing's {@code laptop} at 127.0.0.2, alice's {@code alice-desktop} at 127.0.0.3, tagged
   * {@code ci-runner} at 127.0.0.4). A fresh copy on every call.
   */
  public static FakeTailnet example() {
    try (InputStream in = FakeTailnet.class.getResourceAsStream("example-tailnet.json")) {
      if (in == null) {
        throw new IllegalStateException("example-tailnet.json missing from the testkit jar");
      }
      return load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized String tailnetName() {
    return tailnetName;
  }

  public synchronized FakeTailnet setTailnetName(String name) {
    this.tailnetName = Objects.requireNonNull(name, "name");
    changed();
    return this;
  }

  public synchronized String magicDnsSuffix() {
    return magicDnsSuffix;
  }

  /** Takes effect for nodes added afterwards; existing node names are kept. */
  public synchronized FakeTailnet setMagicDnsSuffix(String suffix) {
    this.magicDnsSuffix = requireSuffix(suffix);
    changed();
    return this;
  }

  /** The per-tailnet {@code tagged-devices} pseudo-user that owns tagged nodes. */
  public synchronized FakeUser taggedDevicesUser() {
    return taggedDevices;
  }

  /**
   * Changes the pseudo-user's ID (e.g. to 30504053928343272 from issue #4605); tagged nodes follow.
   */
  public synchronized FakeTailnet setTaggedDevicesUserId(long id) {
    long old = taggedDevices.id();
    users.remove(old);
    taggedDevices = taggedDevices.withId(id);
    users.put(id, taggedDevices);
    if (self.user() == old) {
      self = self.toBuilder().build(context());
    }
    peers.replaceAll(
        (stableId, node) -> node.user() == old ? node.toBuilder().build(context()) : node);
    changed();
    return this;
  }

  public FakeUser addUser(String loginName, String displayName) {
    return addUser(FakeUser.of(loginName, displayName));
  }

  /** Adds or replaces (by ID) a user profile. */
  public synchronized FakeUser addUser(FakeUser user) {
    users.put(user.id(), user);
    changed();
    return user;
  }

  /**
   * Removes a profile. Nodes it owns stay, and whois on them answers 404, as tailscaled does when
   * the netmap lacks the owner's profile.
   */
  public synchronized void removeUser(long id) {
    users.remove(id);
    changed();
  }

  public synchronized Optional<FakeUser> user(String loginName) {
    return users.values().stream().filter(u -> u.loginName().equals(loginName)).findFirst();
  }

  public synchronized List<FakeUser> users() {
    return List.copyOf(users.values());
  }

  public synchronized FakeNode setSelf(FakeNode.Builder builder) {
    FakeNode node = resolve(builder, self == null ? null : self.stableId());
    peers.remove(node.stableId());
    self = node;
    changed();
    return node;
  }

  public synchronized FakeNode self() {
    return self;
  }

  /** Adds a peer, or replaces the peer with the same stable ID. Its owner is registered if new. */
  public synchronized FakeNode addNode(FakeNode.Builder builder) {
    FakeNode node = resolve(builder, null);
    if (node.stableId().equals(self.stableId())) {
      self = node;
    } else {
      peers.put(node.stableId(), node);
    }
    changed();
    return node;
  }

  /**
   * Changes a node (self or peer) in place, e.g. {@code updateNode("laptop", b ->
   * b.tags("tag:x"))}.
   */
  public synchronized FakeNode updateNode(
      String nameOrStableId, UnaryOperator<FakeNode.Builder> change) {
    FakeNode current = node(nameOrStableId);
    FakeNode updated = resolve(change.apply(current.toBuilder()), current.stableId());
    if (current.stableId().equals(self.stableId())) {
      self = updated;
    } else {
      peers.remove(current.stableId());
      peers.put(updated.stableId(), updated);
    }
    changed();
    return updated;
  }

  public synchronized void removeNode(String nameOrStableId) {
    FakeNode node = node(nameOrStableId);
    if (node.stableId().equals(self.stableId())) {
      throw new IllegalArgumentException("the self node cannot be removed");
    }
    peers.remove(node.stableId());
    changed();
  }

  /**
   * A node by short name ({@code laptop}), FQDN with or without dot, or stable ID.
   *
   * @throws IllegalArgumentException if there is none
   */
  public synchronized FakeNode node(String nameOrStableId) {
    return snapshot()
        .nodes()
        .filter(
            n ->
                n.computedName().equals(nameOrStableId)
                    || n.name().equals(nameOrStableId)
                    || (!n.name().isEmpty() && n.fqdn().equals(nameOrStableId))
                    || n.stableId().equals(nameOrStableId))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + nameOrStableId));
  }

  public synchronized List<FakeNode> peers() {
    return List.copyOf(peers.values());
  }

  /**
   * Grants an app capability to a node as a source; values are raw JSON (whois top-level CapMap).
   */
  public FakeTailnet grant(String nodeName, String capability, String... rawJsonValues) {
    updateNode(nodeName, b -> b.grant(capability, rawJsonValues));
    return this;
  }

  public FakeTailnet revokeGrants(String nodeName) {
    updateNode(nodeName, FakeNode.Builder::revokeGrants);
    return this;
  }

  /**
   * Registers one exact {@code ip:port} (e.g. {@code 127.0.0.1:40123}) as a connection tailscaled
   * proxied for a node, as in userspace-networking mode: only that exact address matches, a
   * different port does not.
   */
  public synchronized FakeTailnet mapConnection(String ipPort, String nodeName) {
    connections.put(parseIpPort(ipPort), node(nodeName).stableId());
    return this;
  }

  public FakeTailnet mapConnection(InetSocketAddress remote, String nodeName) {
    return mapConnection(GoNetip.formatAddrPort(remote), nodeName);
  }

  public synchronized FakeTailnet unmapConnection(String ipPort) {
    connections.remove(parseIpPort(ipPort));
    return this;
  }

  public FakeTailnet unmapConnection(InetSocketAddress remote) {
    return unmapConnection(GoNetip.formatAddrPort(remote));
  }

  public synchronized boolean httpsEnabled() {
    return httpsEnabled;
  }

  /**
   * HTTPS off: CertDomains null, cert 500 "your Tailscale account does not support getting TLS
   * certs".
   */
  public synchronized FakeTailnet setHttpsEnabled(boolean enabled) {
    this.httpsEnabled = enabled;
    changed();
    return this;
  }

  public synchronized boolean loggedIn() {
    return loggedIn;
  }

  /** Logged out: status NeedsLogin without netmap, whois 404, cert 500 "no netmap available". */
  public synchronized FakeTailnet setLoggedIn(boolean value) {
    this.loggedIn = value;
    changed();
    return this;
  }

  public synchronized TailnetSnapshot snapshot() {
    return new TailnetSnapshot(
        tailnetName,
        magicDnsSuffix,
        self,
        List.copyOf(peers.values()),
        users,
        connections,
        httpsEnabled,
        loggedIn);
  }

  private FakeNode resolve(FakeNode.Builder builder, String replacing) {
    builder.ownerToRegister().ifPresent(u -> users.putIfAbsent(u.id(), u));
    builder.sharerToRegister().ifPresent(u -> users.putIfAbsent(u.id(), u));
    FakeNode node = builder.build(context(replacing));
    checkUnique(node, replacing);
    return node;
  }

  private void checkUnique(FakeNode node, String replacing) {
    snapshotNodes()
        .filter(
            other ->
                !other.stableId().equals(node.stableId()) && !other.stableId().equals(replacing))
        .forEach(
            other -> {
              for (InetAddress ip : node.addresses()) {
                if (other.addresses().contains(ip)) {
                  throw new IllegalArgumentException(ip + " already belongs to " + other.name());
                }
              }
              for (InetAddress alias : node.loopbackAliases()) {
                if (other.loopbackAliases().contains(alias)) {
                  throw new IllegalArgumentException(
                      "loopback alias "
                          + alias.getHostAddress()
                          + " already belongs to "
                          + other.computedName());
                }
              }
              if (other.key().equals(node.key())) {
                throw new IllegalArgumentException(
                    "node key already used by " + other.computedName());
              }
            });
  }

  private java.util.stream.Stream<FakeNode> snapshotNodes() {
    return self == null
        ? peers.values().stream()
        : java.util.stream.Stream.concat(java.util.stream.Stream.of(self), peers.values().stream());
  }

  private FakeNode.Context context() {
    return context(null);
  }

  private FakeNode.Context context(String replacing) {
    Set<InetAddress> used = new HashSet<>();
    snapshotNodes()
        .filter(n -> !n.stableId().equals(replacing))
        .forEach(n -> used.addAll(n.addresses()));
    String suffix = magicDnsSuffix;
    long taggedId = taggedDevices.id();
    return new FakeNode.Context() {
      @Override
      public String magicDnsSuffix() {
        return suffix;
      }

      @Override
      public long taggedDevicesUserId() {
        return taggedId;
      }

      @Override
      public List<InetAddress> allocateAddresses(String seed) {
        return TailnetAddresses.allocate(seed, used);
      }
    };
  }

  private static InetSocketAddress parseIpPort(String ipPort) {
    return GoNetip.parseAddrPort(ipPort)
        .orElseThrow(() -> new IllegalArgumentException("not ip:port: " + ipPort));
  }

  private static String requireSuffix(String suffix) {
    Objects.requireNonNull(suffix, "magicDnsSuffix");
    if (suffix.startsWith(".") || suffix.endsWith(".") || !suffix.contains(".")) {
      throw new IllegalArgumentException(
          "a MagicDNS suffix looks like tail4c2a9.ts.net: " + suffix);
    }
    return suffix;
  }
}
