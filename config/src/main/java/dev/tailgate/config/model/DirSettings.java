package dev.tailgate.config.model;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The per-directory settings of one scope (the host itself or one location section), as httpd keeps
 * them per {@code <Location>}. Empty optionals mean "not set here", so a later section only
 * overrides what it sets.
 *
 * @param proxyPassReverse the one-argument form inside a location section
 * @param modules the features' own per-directory values (authz's rules, say)
 */
public record DirSettings(
    Optional<LocationProxy> proxyPass,
    Optional<URI> proxyPassReverse,
    Optional<Boolean> preserveHost,
    List<HeaderAction> requestHeaders,
    List<HeaderAction> responseHeaders,
    List<RedirectRule> redirects,
    Optional<List<String>> directoryIndex,
    Optional<String> handler,
    ModuleValues modules) {

  public static final DirSettings EMPTY =
      new DirSettings(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          List.of(),
          List.of(),
          List.of(),
          Optional.empty(),
          Optional.empty(),
          ModuleValues.EMPTY);

  public DirSettings {
    requestHeaders = List.copyOf(requestHeaders);
    responseHeaders = List.copyOf(responseHeaders);
    redirects = List.copyOf(redirects);
    directoryIndex = directoryIndex.map(List::copyOf);
  }

  /**
   * httpd's merge of a more specific scope over this one: single values are replaced, header
   * actions accumulate in config order (mod_headers), and redirects of the more specific scope are
   * tried first (mod_alias); each feature's values merge by their key's own rule.
   */
  public DirSettings overriddenBy(DirSettings later) {
    return new DirSettings(
        later.proxyPass.or(() -> proxyPass),
        later.proxyPassReverse.or(() -> proxyPassReverse),
        later.preserveHost.or(() -> preserveHost),
        concat(requestHeaders, later.requestHeaders),
        concat(responseHeaders, later.responseHeaders),
        concat(later.redirects, redirects),
        later.directoryIndex.or(() -> directoryIndex),
        later.handler.or(() -> handler),
        modules.mergedWith(later.modules));
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
