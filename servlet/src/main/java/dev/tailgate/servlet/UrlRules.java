package dev.tailgate.servlet;

import dev.tailgate.auth.compile.RequireCompiler;
import dev.tailgate.auth.policy.AccessPolicy;
import dev.tailgate.auth.policy.AuthType;
import dev.tailgate.auth.policy.Require;
import dev.tailgate.auth.policy.RequireAny;
import dev.tailgate.auth.policy.providers.Providers;
import dev.tailgate.config.model.PathPrefix;
import dev.tailgate.config.syntax.ConfigException;
import dev.tailgate.config.syntax.ConfigNode;
import dev.tailgate.config.syntax.ConfigParser;
import dev.tailgate.config.syntax.ConfigProblem;
import dev.tailgate.config.syntax.SectionNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Access rules per URL, written as in httpd: {@code <Location /prefix>} sections holding {@code
 * Require} lines, {@code <RequireAll|Any|None>} and {@code AuthType tailscale}, compiled once by
 * the auth module with httpd's errors (file:line, and what to write instead). A prefix matches as
 * httpd's does (whole segments: {@code /app} covers {@code /app/x}, not {@code /apple}); when
 * several match, the last one written wins, as a later {@code <Location>} replaces an earlier one's
 * rules in httpd. A path no section covers is open.
 */
public final class UrlRules {
  /** Rules that leave every path open. */
  public static final UrlRules NONE = new UrlRules(List.of());

  private record Rule(String prefix, AccessPolicy policy) {}

  private final List<Rule> rules;

  private UrlRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * @param origin a name for messages, e.g. {@code web.xml:tailgate-rules}
   * @throws ConfigException with every problem found, each with its line
   */
  public static UrlRules compile(String text, String origin) throws ConfigException {
    Path file = Path.of(origin);
    List<ConfigNode> nodes =
        new ConfigParser(Map.of()).parse(file, List.of(text.split("\r?\n", -1))).nodes();
    List<ConfigProblem> problems = new ArrayList<>();
    RequireCompiler compiler =
        new RequireCompiler(
            Providers.standard(),
            (node, message, hint) ->
                problems.add(ConfigProblem.at(node.at(), node.displayName(), message, hint)));
    List<Rule> rules = new ArrayList<>();
    for (ConfigNode node : nodes) {
      if (!(node instanceof SectionNode section) || !section.name().equalsIgnoreCase("Location")) {
        problems.add(
            ConfigProblem.at(
                node.at(),
                node.displayName(),
                "only <Location> sections belong here",
                "write <Location /path> … </Location> around the Require lines"));
        continue;
      }
      if (section.args().size() != 1 || !section.args().get(0).startsWith("/")) {
        problems.add(
            ConfigProblem.at(
                node.at(),
                node.displayName(),
                "<Location> takes one path",
                "write e.g. <Location /admin>"));
        continue;
      }
      policy(section, compiler, problems)
          .ifPresent(policy -> rules.add(new Rule(section.args().get(0), policy)));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new UrlRules(rules);
  }

  private static Optional<AccessPolicy> policy(
      SectionNode section, RequireCompiler compiler, List<ConfigProblem> problems) {
    AuthType authType = AuthType.NONE;
    List<Require> requires = new ArrayList<>();
    for (ConfigNode child : section.children()) {
      if (RequireCompiler.isRule(child)) {
        compiler.compileRule(child).ifPresent(requires::add);
      } else if (child.name().equalsIgnoreCase("AuthType") && child.args().size() == 1) {
        Optional<AuthType> parsed = AuthType.parse(child.args().get(0));
        if (parsed.isEmpty()) {
          problems.add(
              ConfigProblem.at(
                  child.at(),
                  "AuthType",
                  "tailgate implements no AuthType \"" + child.args().get(0) + "\"",
                  "write AuthType tailscale (or None)"));
        } else {
          authType = parsed.get();
        }
      } else {
        problems.add(
            ConfigProblem.at(
                child.at(),
                child.displayName(),
                "not an access rule",
                "write Require …, <RequireAll>, <RequireAny>, <RequireNone> or AuthType tailscale"));
      }
    }
    Optional<Require> tree =
        requires.isEmpty()
            ? Optional.empty()
            : Optional.of(requires.size() == 1 ? requires.get(0) : new RequireAny(requires));
    return Optional.of(new AccessPolicy(tree, authType, false));
  }

  /** The policy for a request path (the servlet path plus path info: decoded and normalised). */
  public AccessPolicy policyFor(String path) {
    for (int i = rules.size() - 1; i >= 0; i--) {
      Rule rule = rules.get(i);
      if (PathPrefix.match(path, rule.prefix()) >= 0) {
        return rule.policy();
      }
    }
    return AccessPolicy.OPEN;
  }

  @Override
  public String toString() {
    return rules.stream().map(r -> r.prefix().toLowerCase(Locale.ROOT)).toList().toString();
  }
}
