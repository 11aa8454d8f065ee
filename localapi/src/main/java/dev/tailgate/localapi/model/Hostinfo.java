package dev.tailgate.localapi.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The few {@code tailcfg.Hostinfo} fields that matter for identity. {@link #shareeNode()} marks an
 * outside user's device reaching a node shared with them: its tailnet and real name are hidden.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Hostinfo(
    @JsonProperty("OS") String os,
    @JsonProperty("OSVersion") String osVersion,
    @JsonProperty("Hostname") String hostname,
    @JsonProperty("ShareeNode") boolean shareeNode) {

  public static final Hostinfo EMPTY = new Hostinfo("", "", "", false);

  public Hostinfo {
    os = os == null ? "" : os;
    osVersion = osVersion == null ? "" : osVersion;
    hostname = hostname == null ? "" : hostname;
  }
}
