package dev.tailgate.localapi.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Who is on the other end of a connection ({@code apitype.WhoIsResponse}): the device, its owner,
 * and the application capabilities granted to it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WhoIs(
    @JsonProperty("Node") Node node,
    @JsonProperty("UserProfile") UserProfile userProfile,
    @JsonProperty("CapMap") CapMap capMap) {

  public WhoIs {
    capMap = capMap == null ? CapMap.EMPTY : capMap;
  }

  public boolean isTagged() {
    return node.isTagged();
  }
}
