package dev.tailgate.certs.managed;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One certificate tailgate keeps valid on its own, like one mod_md {@code MDomain}. A tailscale
 * domain has exactly one name, because tailscaled issues for exactly the node's name; an ACME
 * domain may cover several.
 *
 * @param name the domain's name (its first name), as the store and status reports key it
 * @param names every name the certificate must cover, {@code name} first
 * @param configuredAt file:line of the MDomain, for messages
 */
public record ManagedDomain(
    String name,
    List<String> names,
    Issuer issuer,
    RenewWindow renewWindow,
    RenewWindow warnWindow,
    String configuredAt) {

  public ManagedDomain {
    names = List.copyOf(names);
    if (names.isEmpty() || !names.get(0).equals(name)) {
      throw new IllegalArgumentException("a domain's names start with its name: " + names);
    }
  }

  /** A tailscale domain: one name, from tailscaled on {@code socket}. */
  public ManagedDomain(
      String name,
      Path socket,
      RenewWindow renewWindow,
      RenewWindow warnWindow,
      String configuredAt) {
    this(name, List.of(name), new Issuer.Tailscale(socket), renewWindow, warnWindow, configuredAt);
  }

  /** tailscaled's socket, for a tailscale domain. */
  public Optional<Path> tailscaleSocket() {
    return issuer instanceof Issuer.Tailscale tailscale
        ? Optional.of(tailscale.socket())
        : Optional.empty();
  }

  /**
   * The same settings for another name (an {@code MDomain auto} once tailscaled has named the
   * node).
   */
  public ManagedDomain named(String newName) {
    return new ManagedDomain(
        newName, List.of(newName), issuer, renewWindow, warnWindow, configuredAt);
  }
}
