package dev.tailgate.localapi.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The application capabilities the tailnet policy grants a peer ({@code tailcfg.PeerCapMap}): a
 * capability name and its values. The values are opaque to tailscale and to us, so they are kept as
 * compact JSON text, ready to forward to a backend unchanged.
 */
public record CapMap(Map<String, List<String>> grants) {
  public static final CapMap EMPTY = new CapMap(Map.of());

  public CapMap {
    grants = Map.copyOf(grants);
  }

  @JsonCreator
  static CapMap fromJson(Map<String, List<JsonNode>> raw) {
    if (raw == null || raw.isEmpty()) {
      return EMPTY;
    }
    Map<String, List<String>> grants = new LinkedHashMap<>();
    raw.forEach(
        (name, values) ->
            grants.put(
                name,
                values == null ? List.of() : values.stream().map(JsonNode::toString).toList()));
    return new CapMap(grants);
  }

  public boolean has(String capability) {
    return grants.containsKey(capability);
  }

  public Set<String> names() {
    return grants.keySet();
  }

  /** The values granted for a capability, as JSON texts; empty when it is not granted. */
  public List<String> values(String capability) {
    return grants.getOrDefault(capability, List.of());
  }

  public boolean isEmpty() {
    return grants.isEmpty();
  }
}
