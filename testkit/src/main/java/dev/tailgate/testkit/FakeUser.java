package dev.tailgate.testkit;

import java.util.List;
import java.util.Objects;

/**
 * A tailnet user as whois and status show it ({@code tailcfg.UserProfile}). The ID is a {@code
 * long} because real IDs are int64 and often exceed 2^53.
 *
 * @param profilePicUrl may be {@code null} (then omitted from JSON, as since v1.92)
 * @param groups sorted on construction, as control reports them; may be empty
 */
public record FakeUser(
    long id, String loginName, String displayName, String profilePicUrl, List<String> groups) {
  /** The per-tailnet pseudo-user that owns every tagged node. */
  public static final String TAGGED_DEVICES_LOGIN = "tagged-devices";

  public FakeUser {
    Objects.requireNonNull(loginName, "loginName");
    Objects.requireNonNull(displayName, "displayName");
    groups = groups == null ? List.of() : groups.stream().sorted().toList();
  }

  /** A user whose ID is derived from the login name (stable across runs, above 2^53). */
  public static FakeUser of(String loginName, String displayName) {
    return new FakeUser(DerivedIds.userId(loginName), loginName, displayName, null, List.of());
  }

  static FakeUser taggedDevices(long id) {
    return new FakeUser(id, TAGGED_DEVICES_LOGIN, "Tagged Devices", null, List.of());
  }

  public FakeUser withId(long newId) {
    return new FakeUser(newId, loginName, displayName, profilePicUrl, groups);
  }

  public FakeUser withProfilePicUrl(String url) {
    return new FakeUser(id, loginName, displayName, url, groups);
  }

  public FakeUser withGroups(String... newGroups) {
    return new FakeUser(id, loginName, displayName, profilePicUrl, List.of(newGroups));
  }
}
