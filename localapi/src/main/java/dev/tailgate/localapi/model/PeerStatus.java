package dev.tailgate.localapi.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A node in {@code status} ({@code ipnstate.PeerStatus}): this node as {@code Self}, or a peer.
 * {@link #dnsName()} keeps the trailing dot; {@link Status#certDomains()} has none.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PeerStatus(
    @JsonProperty("ID") String id,
    @JsonProperty("PublicKey") String publicKey,
    @JsonProperty("HostName") String hostName,
    @JsonProperty("DNSName") String dnsName,
    @JsonProperty("OS") String os,
    @JsonProperty("UserID") long userId,
    @JsonProperty("TailscaleIPs") List<String> tailscaleIps,
    @JsonProperty("Tags") List<String> tags,
    @JsonProperty("Online") boolean online,
    @JsonProperty("CapMap") Map<String, JsonNode> capMap) {

  public PeerStatus {
    id = id == null ? "" : id;
    publicKey = publicKey == null ? "" : publicKey;
    hostName = hostName == null ? "" : hostName;
    dnsName = dnsName == null ? "" : dnsName;
    os = os == null ? "" : os;
    tailscaleIps = tailscaleIps == null ? List.of() : List.copyOf(tailscaleIps);
    tags = tags == null ? List.of() : List.copyOf(tags);
    capMap = capMap == null ? Map.of() : Map.copyOf(capMap);
  }

  /** The node attributes ({@code https}, {@code funnel}, …); their values are rarely meaningful. */
  public Set<String> attributes() {
    return capMap.keySet();
  }

  /** The MagicDNS name without tailscaled's trailing dot, as certificates use it. */
  public String dnsNameWithoutDot() {
    return dnsName.endsWith(".") ? dnsName.substring(0, dnsName.length() - 1) : dnsName;
  }
}
