package dev.tailgate.localapi.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A tailnet user as tailscaled reports it ({@code tailcfg.UserProfile}). {@link #id()} is the
 * stable key; {@link #loginName()} is for display and for httpd-style {@code Require
 * tailscale-user} rules. For tagged nodes this is the per-tailnet pseudo-user {@code
 * tagged-devices}: decide tagged-ness by {@link Node#isTagged()}, never by this name.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record UserProfile(
    @JsonProperty("ID") long id,
    @JsonProperty("LoginName") String loginName,
    @JsonProperty("DisplayName") String displayName,
    @JsonProperty("ProfilePicURL") String profilePicUrl,
    @JsonProperty("Groups") List<String> groups) {

  public UserProfile {
    loginName = loginName == null ? "" : loginName;
    displayName = displayName == null ? "" : displayName;
    profilePicUrl = profilePicUrl == null ? "" : profilePicUrl;
    groups = groups == null ? List.of() : List.copyOf(groups);
  }
}
