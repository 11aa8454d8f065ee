package dev.tailgate.auth.identity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * Which cached identities a tailscaled change notification (spec §5) makes doubtful: the nodes it
 * names ({@code PeersChanged}, {@code PeerChanges}, {@code PeersRemoved}), the users it names
 * ({@code UserProfiles}), or all of them when it does not say ({@code NetMap}, {@code SelfChange},
 * {@code State}: a whole new netmap, or a daemon that logged out). Fields tailgate does not know
 * are ignored, so a newer daemon's additions cost nothing.
 */
public record Invalidation(boolean all, Set<Long> nodeIds, Set<Long> userIds) {
  public static final Invalidation ALL = new Invalidation(true, Set.of(), Set.of());

  public Invalidation {
    nodeIds = Set.copyOf(nodeIds);
    userIds = Set.copyOf(userIds);
  }

  /** What {@code notify} invalidates; empty when it changes nothing about who peers are. */
  public static Optional<Invalidation> of(JsonNode notify) {
    if (present(notify, "State") || present(notify, "NetMap") || present(notify, "SelfChange")) {
      return Optional.of(ALL);
    }
    Set<Long> nodes = new HashSet<>();
    Set<Long> users = new HashSet<>();
    for (JsonNode node : notify.path("PeersChanged")) {
      nodes.add(node.path("ID").asLong());
    }
    for (JsonNode patch : notify.path("PeerChanges")) {
      nodes.add(patch.path("NodeID").asLong());
    }
    for (JsonNode id : notify.path("PeersRemoved")) {
      nodes.add(id.asLong());
    }
    for (Iterator<String> ids = notify.path("UserProfiles").fieldNames(); ids.hasNext(); ) {
      String id = ids.next();
      try {
        users.add(Long.parseLong(id));
      } catch (NumberFormatException e) {
        return Optional.of(ALL);
      }
    }
    if (nodes.isEmpty() && users.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Invalidation(false, nodes, users));
  }

  /** Whether an answer about {@code identity} is in doubt. */
  public boolean affects(Identity identity) {
    return all || nodeIds.contains(identity.nodeId()) || userIds.contains(identity.userId());
  }

  private static boolean present(JsonNode notify, String field) {
    JsonNode value = notify.get(field);
    return value != null && !value.isNull();
  }
}
