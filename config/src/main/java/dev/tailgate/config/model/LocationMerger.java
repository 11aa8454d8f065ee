package dev.tailgate.config.model;

import dev.tailgate.config.syntax.SourceLocation;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@link EffectiveLocation} for a path with httpd's merge rules: later sections override
 * single values, headers accumulate, a {@code ProxyPass} from a section beats host-level ones (as
 * mod_proxy checks the per-directory alias first), and host-level redirects are tried before
 * per-section ones (mod_alias runs them at translate time, the others at fixup time).
 */
final class LocationMerger {

  private static final Pattern BACKREFERENCE = Pattern.compile("\\$(\\d)");
  private static final List<String> DEFAULT_INDEX = List.of("index.html");

  private LocationMerger() {}

  static EffectiveLocation merge(HostConfig host, String path) {
    List<LocationMatcher.Matched> matched = LocationMatcher.matching(host.locations(), path);
    DirSettings merged = host.base();
    List<RedirectRule> sectionRedirects = new ArrayList<>();
    List<ProxyReverseRule> reverse = new ArrayList<>(host.proxyReverseRules());
    for (LocationMatcher.Matched m : matched) {
      DirSettings settings = m.section().settings();
      merged = merged.overriddenBy(settings);
      sectionRedirects.addAll(0, settings.redirects());
      settings
          .proxyPassReverse()
          .ifPresent(
              uri -> reverse.add(new ProxyReverseRule(m.match().prefix(), uri, m.section().at())));
    }
    List<RedirectRule> redirects = new ArrayList<>(host.base().redirects());
    redirects.addAll(sectionRedirects);
    return new EffectiveLocation(
        path,
        matched.stream().map(LocationMatcher.Matched::section).toList(),
        proxyRoute(host, matched, path),
        merged.preserveHost().orElse(false),
        reverse,
        merged.requestHeaders(),
        merged.responseHeaders(),
        redirects,
        directoryIndex(merged),
        merged.handler().filter(h -> !h.equalsIgnoreCase("none")),
        merged.modules());
  }

  private static List<String> directoryIndex(DirSettings merged) {
    List<String> index = merged.directoryIndex().orElse(DEFAULT_INDEX);
    return index.size() == 1 && index.get(0).toLowerCase(Locale.ROOT).equals("disabled")
        ? List.of()
        : index;
  }

  private static Optional<ProxyRoute> proxyRoute(
      HostConfig host, List<LocationMatcher.Matched> matched, String path) {
    for (int i = matched.size() - 1; i >= 0; i--) {
      LocationMatcher.Matched m = matched.get(i);
      Optional<LocationProxy> proxy = m.section().settings().proxyPass();
      if (proxy.isPresent()) {
        return proxy.get().target().map(t -> mapSection(t, m.match(), path, proxy.get().at()));
      }
    }
    for (ProxyRule rule : host.proxyRules()) {
      int covered = rule.match(path);
      if (covered >= 0) {
        return rule.target().map(t -> ProxyRoute.under(t, path.substring(covered), rule.at()));
      }
    }
    return Optional.empty();
  }

  /**
   * A literal section maps its prefix like {@code ProxyPass prefix url}; a regex or wildcard
   * section behaves like {@code ProxyPassMatch}: {@code $n} in the target's path are replaced, and
   * without any the whole path is appended. Captures only ever land in the path: the target's
   * authority is fixed at load.
   */
  private static ProxyRoute mapSection(
      URI target, LocationMatch match, String path, SourceLocation at) {
    if (!match.prefix().isEmpty()) {
      int covered = PathPrefix.match(path, match.prefix());
      return ProxyRoute.under(
          target, path.substring(covered < 0 ? match.prefix().length() : covered), at);
    }
    String template = target.getPath() == null ? "" : target.getPath();
    Matcher refs = BACKREFERENCE.matcher(template);
    if (!refs.find()) {
      return ProxyRoute.under(target, path, at);
    }
    refs.reset();
    StringBuilder out = new StringBuilder();
    while (refs.find()) {
      int group = Integer.parseInt(refs.group(1));
      String value = group < match.groups().size() ? match.groups().get(group) : "";
      refs.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    refs.appendTail(out);
    String mapped = out.toString();
    return new ProxyRoute(target, mapped.startsWith("/") ? mapped : "/" + mapped, at);
  }
}
