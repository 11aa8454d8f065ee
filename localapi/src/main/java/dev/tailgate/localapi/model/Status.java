package dev.tailgate.localapi.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * tailscaled's view of this node ({@code ipnstate.Status}), reduced to what certificates and
 * identity need. {@link #peers()} and {@link #users()} are empty when fetched with {@code
 * peers=false}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Status(
    @JsonProperty("Version") String version,
    @JsonProperty("BackendState") BackendState backendState,
    @JsonProperty("AuthURL") String authUrl,
    @JsonProperty("TailscaleIPs") List<String> tailscaleIps,
    @JsonProperty("Self") PeerStatus self,
    @JsonProperty("Health") List<String> health,
    @JsonProperty("MagicDNSSuffix") String magicDnsSuffix,
    @JsonProperty("CurrentTailnet") CurrentTailnet currentTailnet,
    @JsonProperty("CertDomains") List<String> certDomains,
    @JsonProperty("Peer") Map<String, PeerStatus> peers,
    @JsonProperty("User") Map<String, UserProfile> users) {

  public Status {
    version = version == null ? "" : version;
    backendState = backendState == null ? BackendState.Unknown : backendState;
    authUrl = authUrl == null ? "" : authUrl;
    tailscaleIps = tailscaleIps == null ? List.of() : List.copyOf(tailscaleIps);
    health = health == null ? List.of() : List.copyOf(health);
    magicDnsSuffix = magicDnsSuffix == null ? "" : magicDnsSuffix;
    certDomains = certDomains == null ? List.of() : List.copyOf(certDomains);
    peers = peers == null ? Map.of() : Map.copyOf(peers);
    users = users == null ? Map.of() : Map.copyOf(users);
  }

  public boolean isRunning() {
    return backendState == BackendState.Running;
  }

  public Optional<CurrentTailnet> tailnet() {
    return Optional.ofNullable(currentTailnet);
  }

  /** A user from the {@code User} map, whose keys are decimal strings of int64 IDs. */
  public Optional<UserProfile> user(long id) {
    return Optional.ofNullable(users.get(Long.toString(id)));
  }
}
