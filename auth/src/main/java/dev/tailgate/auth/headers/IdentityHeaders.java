package dev.tailgate.auth.headers;

import dev.tailgate.auth.identity.Identity;
import dev.tailgate.auth.policy.TaggedDevices;
import dev.tailgate.localapi.model.CapMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The identity headers a backend gets for one request. Like {@code tailscale serve}, a tagged
 * device gets no user headers (its "user" is the placeholder {@code tagged-devices}) unless tagged
 * devices count as users; its node name, tags and capabilities are sent either way.
 */
public final class IdentityHeaders {
  private final IdentityHeaderNames names;

  public IdentityHeaders(IdentityHeaderNames names) {
    this.names = names;
  }

  /** One header to add; the value is already encoded for the wire. */
  public record Header(String name, String value) {}

  public List<Header> of(
      Optional<Identity> identity, Optional<String> remoteUser, TaggedDevices taggedDevices) {
    List<Header> headers = new ArrayList<>();
    remoteUser.ifPresent(
        user -> add(headers, IdentityHeaderField.REMOTE_USER, HeaderValueEncoder.encode(user)));
    if (identity.isEmpty()) {
      return headers;
    }
    Identity who = identity.get();
    if (!who.tagged() || taggedDevices == TaggedDevices.USERS) {
      add(headers, IdentityHeaderField.USER_LOGIN, HeaderValueEncoder.encode(who.loginName()));
      add(headers, IdentityHeaderField.USER_NAME, HeaderValueEncoder.encode(who.displayName()));
      add(headers, IdentityHeaderField.USER_PROFILE_PIC, printable(who.profilePicUrl()));
    }
    add(headers, IdentityHeaderField.NODE_NAME, HeaderValueEncoder.encode(who.nodeName()));
    if (who.tagged()) {
      add(
          headers,
          IdentityHeaderField.NODE_TAGS,
          HeaderValueEncoder.encode(String.join(",", who.tags())));
    }
    if (!who.capabilities().isEmpty()) {
      add(
          headers,
          IdentityHeaderField.APP_CAPABILITIES,
          HeaderValueEncoder.encode(json(who.capabilities())));
    }
    return headers;
  }

  private void add(List<Header> headers, IdentityHeaderField field, String value) {
    if (!value.isEmpty()) {
      names.name(field).ifPresent(name -> headers.add(new Header(name, value)));
    }
  }

  /**
   * serve sends the picture URL unencoded; control characters could still split a header, so they
   * go.
   */
  private static String printable(String value) {
    return value.chars().allMatch(c -> c >= ' ' && c != 0x7f) ? value : "";
  }

  /** {@code {"cap":[values…]}} with the grant values as tailscaled sent them. */
  private static String json(CapMap caps) {
    StringBuilder out = new StringBuilder("{");
    boolean first = true;
    for (Map.Entry<String, List<String>> grant : caps.grants().entrySet()) {
      out.append(first ? "" : ",")
          .append(JsonStrings.quote(grant.getKey()))
          .append(":[")
          .append(String.join(",", grant.getValue()))
          .append(']');
      first = false;
    }
    return out.append('}').toString();
  }
}
