package dev.tailgate.auth.identity;

import dev.tailgate.localapi.model.CapMap;
import dev.tailgate.localapi.model.Node;
import dev.tailgate.localapi.model.UserProfile;
import dev.tailgate.localapi.model.WhoIs;
import java.util.List;
import java.util.Optional;

/**
 * Who is on the other end of a connection, reduced to what access rules and backends use. Names
 * longer than {@link #MAX_NAME_LENGTH} are treated as absent: httpd's module copied them into fixed
 * 128-byte buffers unchecked, and no real tailnet produces them.
 *
 * @param loginName the owner's LoginName ({@code tagged-devices} for tagged devices); empty when
 *     absent
 * @param userId and {@code nodeId}: tailscaled's numeric IDs, which its change notifications name
 * @param nodeName the MagicDNS FQDN with tailscaled's trailing dot; empty when absent
 * @param tailnet derived from the node name as httpd and nginx-auth do, trailing dot kept; may be
 *     empty
 * @param tags the device's tags; non-empty exactly when the device is tagged
 * @param sharee an outside user's device reaching a node shared with them
 */
public record Identity(
    String loginName,
    String displayName,
    String profilePicUrl,
    long userId,
    long nodeId,
    String nodeName,
    String nodeStableId,
    String tailnet,
    List<String> tags,
    boolean sharee,
    CapMap capabilities) {

  /** httpd's {@code TS_NAME_MAXLEN}. */
  public static final int MAX_NAME_LENGTH = 127;

  public Identity {
    tags = List.copyOf(tags);
  }

  /**
   * The identity in a whois answer; empty when none of login, node name and tailnet is usable
   * (httpd's module refused such an answer too).
   */
  public static Optional<Identity> from(WhoIs whois) {
    Node node = whois.node();
    UserProfile user = whois.userProfile();
    String login = bounded(user.loginName());
    String name = bounded(node.name());
    String tailnet = bounded(node.tailnet());
    if (login.isEmpty() && name.isEmpty() && tailnet.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Identity(
            login,
            bounded(user.displayName()),
            user.profilePicUrl(),
            user.id(),
            node.id(),
            name,
            node.stableId(),
            tailnet,
            node.tags(),
            node.isSharee(),
            whois.capMap()));
  }

  public boolean tagged() {
    return !tags.isEmpty();
  }

  /** The part of the login before the first {@code @}, as nginx-auth's {@code Tailscale-Login}. */
  public String loginLocalPart() {
    int at = loginName.indexOf('@');
    return at < 0 ? loginName : loginName.substring(0, at);
  }

  private static String bounded(String value) {
    return value.length() > MAX_NAME_LENGTH ? "" : value;
  }
}
