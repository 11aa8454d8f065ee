package dev.tailgate.testkit;

import dev.tailgate.testkit.go.GoNetip;
import dev.tailgate.testkit.go.RawJson;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A device in the fake tailnet, holding what whois ({@code tailcfg.Node}) and status ({@code
 * ipnstate.PeerStatus}) report about it. Instances are immutable and fully resolved; create them
 * with {@link #named}, {@link #sharedIn} or {@link #sharee} and hand the builder to {@link
 * FakeTailnet#addNode}, which fills in IDs, keys and addresses that are derived from the name
 * (stable across runs).
 *
 * <p>The three kinds of peer differ exactly as on a real tailnet: a <em>tagged</em> node ({@link
 * #tags()} non-empty) is owned by the tailnet's {@code tagged-devices} pseudo-user; a
 * <em>shared-in</em> node carries its own tailnet's FQDN and a {@link #sharer()}; a <em>sharee</em>
 * node (an outside user's device) has an empty {@link #name()} and {@code Hostinfo.ShareeNode}.
 *
 * @param name MagicDNS FQDN with a trailing dot, {@code ""} for a sharee node
 * @param computedName the short name; the FQDN without dot for a shared-in node
 * @param user owner user ID (the tagged-devices pseudo-user for tagged nodes)
 * @param sharer the user who shared a shared-in node, 0 otherwise
 * @param keyExpiry {@code null} when the key does not expire (typical for tagged nodes)
 * @param addresses the node's own tailnet IPs (100.x and fd7a:115c:a1e0::…)
 * @param os {@code null} to leave {@code Hostinfo.OS} out
 * @param hostname the OS hostname ({@code Hostinfo.Hostname})
 * @param peerApiPort 0 for no peerapi services
 * @param capVersion 0 to leave {@code Cap} out
 * @param loopbackAliases loopback IPs whose connections whois attributes to this node, standing in
 *     for the 100.x source address tests cannot originate
 * @param grants app capabilities granted to this node as a source: cap name → raw values
 */
public record FakeNode(
    long id,
    String stableId,
    String name,
    String computedName,
    long user,
    long sharer,
    String key,
    String machineKey,
    String discoKey,
    Instant keyExpiry,
    List<InetAddress> addresses,
    List<String> endpoints,
    int homeDerp,
    String os,
    String osVersion,
    String hostname,
    boolean shareeNode,
    int peerApiPort,
    Instant created,
    int capVersion,
    List<String> tags,
    boolean online,
    List<InetAddress> loopbackAliases,
    Map<String, List<RawJson>> grants) {

  public FakeNode {
    Objects.requireNonNull(stableId, "stableId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(computedName, "computedName");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(hostname, "hostname");
    addresses = List.copyOf(addresses);
    endpoints = List.copyOf(endpoints);
    tags = List.copyOf(tags);
    loopbackAliases = List.copyOf(loopbackAliases);
    Map<String, List<RawJson>> copy = new LinkedHashMap<>();
    grants.forEach((cap, values) -> copy.put(cap, List.copyOf(values)));
    grants = java.util.Collections.unmodifiableMap(copy);
  }

  /** A node of this tailnet named {@code <label>.<suffix>.}; give it an owner or tags. */
  public static Builder named(String label) {
    return new Builder(Kind.MEMBER, label);
  }

  /**
   * A node from another tailnet shared into this one: {@code Name} is its FQDN there, {@code User}
   * its owner there (v1.50+ semantics) and {@code Sharer} who shared it.
   */
  public static Builder sharedIn(String fqdn, FakeUser owner, FakeUser sharer) {
    String bare = fqdn.endsWith(".") ? fqdn.substring(0, fqdn.length() - 1) : fqdn;
    return new Builder(Kind.SHARED_IN, bare)
        .owner(owner)
        .sharer(sharer)
        .hostname(bare.substring(0, bare.indexOf('.') < 0 ? bare.length() : bare.indexOf('.')));
  }

  /**
   * An outside user's device that was given a share of our node. Control hides its real name:
   * {@code Name} is empty and the hostname is {@code device-of-shared-to-user}.
   */
  public static Builder sharee(FakeUser outsideUser) {
    return new Builder(Kind.SHAREE, "device-of-shared-to-user")
        .owner(outsideUser)
        .hostname("device-of-shared-to-user");
  }

  public boolean isTagged() {
    return !tags.isEmpty();
  }

  /** The FQDN without trailing dot ({@code ""} for a sharee node); what CertDomains lists. */
  public String fqdn() {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  /** Like {@code alice-laptop (alices-macbook-pro)}, or just the computed name when they agree. */
  public String computedNameWithHost() {
    String host = sanitizeHostname(hostname);
    return host.isEmpty() || host.equals(computedName)
        ? computedName
        : computedName + " (" + host + ")";
  }

  public Optional<InetAddress> ipv4() {
    return addresses.stream().filter(a -> a.getAddress().length == 4).findFirst();
  }

  public Optional<InetAddress> ipv6() {
    return addresses.stream().filter(a -> a.getAddress().length == 16).findFirst();
  }

  /** A builder holding every value of this node, to change a few and re-add it. */
  public Builder toBuilder() {
    Kind kind = shareeNode ? Kind.SHAREE : sharer != 0 ? Kind.SHARED_IN : Kind.MEMBER;
    Builder b = new Builder(kind, kind == Kind.SHARED_IN ? fqdn() : computedName);
    b.ownerId = isTagged() ? null : user;
    b.sharerId = sharer == 0 ? null : sharer;
    b.tags = tags;
    b.id = id;
    b.stableId = stableId;
    b.key = key;
    b.machineKey = machineKey;
    b.discoKey = discoKey;
    b.keyExpiry = keyExpiry;
    b.keyExpirySet = true;
    b.addresses = addresses.stream().map(GoNetip::format).toList();
    b.endpoints = endpoints;
    b.homeDerp = homeDerp;
    b.os = os;
    b.osSet = true;
    b.osVersion = osVersion;
    b.hostname = hostname;
    b.peerApiPort = peerApiPort;
    b.created = created;
    b.capVersion = capVersion;
    b.online = online;
    b.loopbackAliases = loopbackAliases.stream().map(GoNetip::format).toList();
    b.grants = new LinkedHashMap<>(grants);
    return b;
  }

  static String sanitizeHostname(String hostname) {
    String lower = hostname.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    return lower.replaceAll("^-+|-+$", "");
  }

  enum Kind {
    MEMBER,
    SHARED_IN,
    SHAREE
  }

  /** What a node needs from its tailnet to be resolved. */
  interface Context {
    String magicDnsSuffix();

    long taggedDevicesUserId();

    List<InetAddress> allocateAddresses(String seed);
  }

  /** Unset values get defaults derived from the node's name when it is added to a tailnet. */
  public static final class Builder {
    private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

    private final Kind kind;
    private final String label;
    private Long ownerId;
    private FakeUser owner;
    private Long sharerId;
    private FakeUser sharerUser;
    private List<String> tags = List.of();
    private Long id;
    private String stableId;
    private String key;
    private String machineKey;
    private String discoKey;
    private Instant keyExpiry;
    private boolean keyExpirySet;
    private List<String> addresses;
    private List<String> endpoints = List.of();
    private Integer homeDerp;
    private String os;
    private boolean osSet;
    private String osVersion;
    private String hostname;
    private Integer peerApiPort;
    private Instant created;
    private Integer capVersion;
    private boolean online = true;
    private List<String> loopbackAliases = List.of();
    private Map<String, List<RawJson>> grants = new LinkedHashMap<>();

    private Builder(Kind kind, String label) {
      if (label == null || label.isEmpty()) {
        throw new IllegalArgumentException("a node needs a name");
      }
      this.kind = kind;
      this.label = label;
    }

    /** The human owner; tagged nodes have none (they belong to the tagged-devices user). */
    public Builder owner(FakeUser user) {
      this.owner = user;
      this.ownerId = user.id();
      return this;
    }

    Builder sharer(FakeUser user) {
      this.sharerUser = user;
      this.sharerId = user.id();
      return this;
    }

    /**
     * Makes the node tagged (e.g. {@code tag:ci}); its User becomes the tagged-devices pseudo-user.
     */
    public Builder tags(String... newTags) {
      for (String tag : newTags) {
        if (!tag.startsWith("tag:")) {
          throw new IllegalArgumentException("a tag starts with 'tag:': " + tag);
        }
      }
      this.tags = List.of(newTags);
      return this;
    }

    public Builder id(long value) {
      this.id = value;
      return this;
    }

    public Builder stableId(String value) {
      this.stableId = value;
      return this;
    }

    /** {@code nodekey:<64 hex>}. */
    public Builder key(String value) {
      this.key = value;
      return this;
    }

    public Builder machineKey(String value) {
      this.machineKey = value;
      return this;
    }

    public Builder discoKey(String value) {
      this.discoKey = value;
      return this;
    }

    /** {@code null} for a key that does not expire. */
    public Builder keyExpiry(Instant value) {
      this.keyExpiry = value;
      this.keyExpirySet = true;
      return this;
    }

    /**
     * The node's own tailnet IPs, e.g. {@code 100.101.42.7} and {@code fd7a:115c:a1e0::c701:2a07}.
     */
    public Builder addresses(String... values) {
      this.addresses = List.of(values);
      return this;
    }

    public Builder endpoints(String... values) {
      this.endpoints = List.of(values);
      return this;
    }

    public Builder homeDerp(int value) {
      this.homeDerp = value;
      return this;
    }

    /** {@code null} leaves {@code Hostinfo.OS} out. */
    public Builder os(String value) {
      this.os = value;
      this.osSet = true;
      return this;
    }

    public Builder osVersion(String value) {
      this.osVersion = value;
      return this;
    }

    public Builder hostname(String value) {
      this.hostname = value;
      return this;
    }

    public Builder peerApiPort(int value) {
      this.peerApiPort = value;
      return this;
    }

    public Builder created(Instant value) {
      this.created = value;
      return this;
    }

    public Builder capVersion(int value) {
      this.capVersion = value;
      return this;
    }

    public Builder online(boolean value) {
      this.online = value;
      return this;
    }

    /**
     * Loopback IPs (e.g. {@code 127.0.0.2}) whose connections whois maps to this node, any port.
     */
    public Builder loopbackAliases(String... values) {
      this.loopbackAliases = List.of(values);
      return this;
    }

    /** Grants an app capability (raw JSON values) to this node as a source. */
    public Builder grant(String capability, String... rawJsonValues) {
      List<RawJson> values = new ArrayList<>(grants.getOrDefault(capability, List.of()));
      Arrays.stream(rawJsonValues).map(RawJson::of).forEach(values::add);
      grants.put(capability, values);
      return this;
    }

    public Builder revokeGrants() {
      grants.clear();
      return this;
    }

    Optional<FakeUser> ownerToRegister() {
      return Optional.ofNullable(owner);
    }

    Optional<FakeUser> sharerToRegister() {
      return Optional.ofNullable(sharerUser);
    }

    FakeNode build(Context context) {
      boolean tagged = !tags.isEmpty();
      if (tagged && kind == Kind.MEMBER && owner != null) {
        throw new IllegalArgumentException(
            label + ": a tagged node has no owner (it belongs to tagged-devices)");
      }
      if (!tagged && ownerId == null) {
        // also reached when untagging a node via toBuilder() without naming an owner
        throw new IllegalArgumentException(label + ": give the node an owner or tags");
      }
      String seed = kind == Kind.SHAREE ? "sharee:" + ownerId + ":" + label : label;
      String nodeName =
          switch (kind) {
            case MEMBER -> label + "." + context.magicDnsSuffix() + ".";
            case SHARED_IN -> label + ".";
            case SHAREE -> "";
          };
      String host = hostname != null ? hostname : label;
      String computed =
          switch (kind) {
            case MEMBER, SHARED_IN -> label;
            case SHAREE -> sanitizeHostname(host);
          };
      boolean sharee = kind == Kind.SHAREE;
      Instant createdAt =
          created != null
              ? created
              : EPOCH.plus(Duration.ofMinutes(DerivedIds.smallInt(seed, 300 * 24 * 60)));
      Instant expiry =
          keyExpirySet ? keyExpiry : tagged ? null : createdAt.plus(Duration.ofDays(180));
      List<InetAddress> ips =
          addresses != null
              ? addresses.stream().map(a -> parseIp(a, "address")).toList()
              : context.allocateAddresses(seed);
      List<InetAddress> aliases =
          loopbackAliases.stream().map(a -> parseIp(a, "loopback alias")).toList();
      for (InetAddress alias : aliases) {
        if (!alias.isLoopbackAddress()) {
          throw new IllegalArgumentException(label + ": not a loopback address: " + alias);
        }
      }
      return new FakeNode(
          id != null ? id : DerivedIds.nodeId(seed),
          stableId != null ? stableId : DerivedIds.stableId(seed),
          nodeName,
          computed,
          tagged ? context.taggedDevicesUserId() : ownerId,
          sharerId != null ? sharerId : 0,
          key != null ? key : DerivedIds.key("nodekey", seed),
          machineKey != null ? machineKey : DerivedIds.key("mkey", seed),
          discoKey != null ? discoKey : DerivedIds.key("discokey", seed),
          expiry,
          ips,
          endpoints,
          homeDerp != null ? homeDerp : 1 + DerivedIds.smallInt(seed, 20),
          osSet ? os : sharee ? null : "linux",
          osVersion,
          host,
          sharee,
          peerApiPort != null ? peerApiPort : sharee ? 0 : 40000 + DerivedIds.smallInt(seed, 20000),
          createdAt,
          capVersion != null ? capVersion : sharee ? 0 : 130,
          tags,
          online,
          aliases,
          grants);
    }

    private InetAddress parseIp(String text, String what) {
      return GoNetip.parseAddr(text)
          .orElseThrow(
              () -> new IllegalArgumentException(label + ": invalid " + what + ": " + text));
    }
  }
}
