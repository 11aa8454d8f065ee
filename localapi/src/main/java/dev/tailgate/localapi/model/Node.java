package dev.tailgate.localapi.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A tailnet device ({@code tailcfg.Node}) as whois returns it, reduced to what identity decisions
 * need. {@link #name()} keeps tailscaled's trailing dot ({@code laptop.tail4c2a9.ts.net.}) because
 * httpd's {@code Require tailscale-node} compared it verbatim; use {@link #stableId()} as the
 * device key, since names change.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Node(
    @JsonProperty("ID") long id,
    @JsonProperty("StableID") String stableId,
    @JsonProperty("Name") String name,
    @JsonProperty("User") long user,
    @JsonProperty("Sharer") long sharer,
    @JsonProperty("Key") String key,
    @JsonProperty("KeyExpiry") String keyExpiry,
    @JsonProperty("Addresses") List<String> addresses,
    @JsonProperty("Hostinfo") Hostinfo hostinfo,
    @JsonProperty("Tags") List<String> tags,
    @JsonProperty("Online") boolean online,
    @JsonProperty("ComputedName") String computedName,
    @JsonProperty("ComputedNameWithHost") String computedNameWithHost) {

  public Node {
    stableId = stableId == null ? "" : stableId;
    name = name == null ? "" : name;
    key = key == null ? "" : key;
    keyExpiry = keyExpiry == null ? "" : keyExpiry;
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
    hostinfo = hostinfo == null ? Hostinfo.EMPTY : hostinfo;
    tags = tags == null ? List.of() : List.copyOf(tags);
    computedName = computedName == null ? "" : computedName;
    computedNameWithHost = computedNameWithHost == null ? "" : computedNameWithHost;
  }

  /**
   * A tagged device is owned by its tags, not by a person (tailscale's {@code Node.IsTagged()});
   * its user profile is a placeholder.
   */
  public boolean isTagged() {
    return !tags.isEmpty();
  }

  /** A device from another tailnet shared into ours. */
  public boolean isSharedIn() {
    return sharer != 0 && sharer != user;
  }

  /** An outside user's device reaching a node of ours that was shared with them. */
  public boolean isSharee() {
    return hostinfo.shareeNode();
  }

  /**
   * The tailnet the device belongs to, derived as httpd's module and nginx-auth do: what follows
   * {@code ComputedName + "."} in {@link #name()}, trailing dot included ({@code
   * tail4c2a9.ts.net.}). Empty for sharee devices and whenever the name does not have that shape.
   */
  public String tailnet() {
    if (isSharee() || computedName.isEmpty()) {
      return "";
    }
    int cut = computedName.length();
    if (name.length() > cut + 1 && name.startsWith(computedName) && name.charAt(cut) == '.') {
      return name.substring(cut + 1);
    }
    return "";
  }

  /** When the node key expires; empty when it never does (typical for tagged nodes). */
  public Optional<Instant> keyExpiryInstant() {
    return Timestamps.parse(keyExpiry);
  }
}
