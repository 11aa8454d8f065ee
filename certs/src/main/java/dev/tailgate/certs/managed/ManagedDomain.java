package dev.tailgate.certs.managed;

import java.nio.file.Path;

/**
 * One certificate tailgate keeps valid on its own, like one mod_md {@code MDomain}. For the
 * tailscale protocol it has exactly one name, because tailscaled issues for exactly the node's
 * name.
 *
 * @param name the domain, as tailscaled spells it in CertDomains
 * @param socket tailscaled's LocalAPI socket to fetch from
 * @param configuredAt file:line of the MDomain, for messages
 */
public record ManagedDomain(
    String name,
    Path socket,
    RenewWindow renewWindow,
    RenewWindow warnWindow,
    String configuredAt) {

  /**
   * The same settings for another name (an {@code MDomain auto} once tailscaled has named the
   * node).
   */
  public ManagedDomain named(String newName) {
    return new ManagedDomain(newName, socket, renewWindow, warnWindow, configuredAt);
  }
}
