package dev.tailgate.auth.policy;

import dev.tailgate.auth.identity.Identity;
import java.net.InetAddress;
import java.util.Optional;

/**
 * What rules may look at: the authenticated user (httpd's {@code r->user}, empty in the first
 * pass), the client's address (empty on a unix socket) and the tailnet identity of the connection.
 *
 * @param identity empty when the peer is not on the tailnet, or when no rule needed it
 */
public record AuthzRequest(
    Optional<String> user,
    Optional<InetAddress> clientAddress,
    Optional<Identity> identity,
    TaggedDevices taggedDevices) {

  /** The identity as a person: a tagged device is none unless tagged devices count as users. */
  public Optional<Identity> person() {
    return identity.filter(i -> !i.tagged() || taggedDevices == TaggedDevices.USERS);
  }

  /** The identity as a device, tagged or not. */
  public Optional<Identity> device() {
    return identity;
  }

  public AuthzRequest withUser(String name) {
    return new AuthzRequest(Optional.of(name), clientAddress, identity, taggedDevices);
  }
}
