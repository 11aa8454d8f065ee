package dev.tailgate.localapi.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The tailnet this node is in; tailscaled sends {@code null} before the first network map. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CurrentTailnet(
    @JsonProperty("Name") String name,
    @JsonProperty("MagicDNSSuffix") String magicDnsSuffix,
    @JsonProperty("MagicDNSEnabled") boolean magicDnsEnabled) {}
