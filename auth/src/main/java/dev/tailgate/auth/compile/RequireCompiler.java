package dev.tailgate.auth.compile;

import dev.tailgate.auth.policy.Not;
import dev.tailgate.auth.policy.PolicyException;
import dev.tailgate.auth.policy.Provider;
import dev.tailgate.auth.policy.Require;
import dev.tailgate.auth.policy.RequireAll;
import dev.tailgate.auth.policy.RequireAny;
import dev.tailgate.auth.policy.RequireNone;
import dev.tailgate.auth.policy.providers.Providers;
import dev.tailgate.config.ClosestMatch;
import dev.tailgate.config.syntax.ConfigNode;
import dev.tailgate.config.syntax.SectionNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns {@code Require} lines and {@code <RequireAll|Any|None>} sections into a rule tree, with
 * mod_authz_core's configuration errors: a negation anywhere but in {@code <RequireAll>}, an empty
 * container, a container of negations only, an unknown provider (with a suggestion), and whatever
 * the provider finds wrong with its arguments.
 */
public final class RequireCompiler {
  private final Providers providers;
  private final ProblemSink problems;

  public RequireCompiler(Providers providers, ProblemSink problems) {
    this.providers = providers;
    this.problems = problems;
  }

  /** Whether a node belongs to the rule tree (as opposed to AuthType and friends). */
  public static boolean isRule(ConfigNode node) {
    String name = node.name().toLowerCase(Locale.ROOT);
    return node instanceof SectionNode
        ? name.equals("requireall") || name.equals("requireany") || name.equals("requirenone")
        : name.equals("require");
  }

  /**
   * One rule written directly in a location section (a {@code Require} line or a whole {@code
   * <RequireAll|Any|None>} tree), validated; empty when it is broken (the problem is reported).
   */
  public Optional<Require> compileRule(ConfigNode node) {
    return compile(node, Container.IMPLICIT_ANY);
  }

  private List<Require> compileChildren(List<ConfigNode> nodes, Container parent) {
    List<Require> rules = new ArrayList<>();
    for (ConfigNode node : nodes) {
      if (isRule(node)) {
        compile(node, parent).ifPresent(rules::add);
      }
    }
    return rules;
  }

  private Optional<Require> compile(ConfigNode node, Container parent) {
    if (node instanceof SectionNode section) {
      return section(section, parent);
    }
    return line(node, parent);
  }

  private Optional<Require> line(ConfigNode node, Container parent) {
    List<String> words = node.args();
    boolean negated = !words.isEmpty() && words.get(0).equalsIgnoreCase("not");
    List<String> rest = negated ? words.subList(1, words.size()) : words;
    if (negated && parent != Container.ALL) {
      problems.problem(
          node,
          "negative Require directive has no effect in " + parent.label + " directive",
          "put Require not … inside <RequireAll>, next to a rule that grants");
      return Optional.empty();
    }
    if (rest.isEmpty()) {
      problems.problem(
          node, "Require not needs a provider", "e.g. Require not tailscale-user bob@example.com");
      return Optional.empty();
    }
    String name = rest.get(0);
    Optional<Provider> provider = providers.find(name);
    if (provider.isEmpty()) {
      problems.problem(node, "unknown authorization provider \"" + name + "\"", suggestion(name));
      return Optional.empty();
    }
    try {
      Require rule = provider.get().rule(rest.subList(1, rest.size()));
      return Optional.of(negated ? new Not(rule) : rule);
    } catch (PolicyException e) {
      problems.problem(node, e.getMessage(), e.hint());
      return Optional.empty();
    }
  }

  private Optional<Require> section(SectionNode section, Container parent) {
    Container self = Container.of(section.name());
    if (self == Container.NONE && parent != Container.ALL) {
      problems.problem(
          section,
          "<RequireNone> directive has no effect in " + parent.label + " directive",
          "put <RequireNone> inside <RequireAll>, next to a rule that grants");
      return Optional.empty();
    }
    List<ConfigNode> ruleNodes =
        section.children().stream().filter(RequireCompiler::isRule).toList();
    if (ruleNodes.isEmpty()) {
      problems.problem(
          section,
          self.label + " directive contains no authorization directives",
          "add a Require line or remove the empty section");
      return Optional.empty();
    }
    if (self != Container.NONE && ruleNodes.stream().allMatch(RequireCompiler::isNegative)) {
      problems.problem(
          section,
          self.label + " directive contains only negative authorization directives",
          "add a rule that grants, e.g. Require valid-user");
      return Optional.empty();
    }
    List<Require> rules = compileChildren(section.children(), self);
    if (rules.size() != ruleNodes.size()) {
      return Optional.empty();
    }
    return Optional.of(
        switch (self) {
          case ALL -> new RequireAll(rules);
          case NONE -> new RequireNone(rules);
          default -> new RequireAny(rules);
        });
  }

  private static boolean isNegative(ConfigNode node) {
    if (node instanceof SectionNode section) {
      return section.name().equalsIgnoreCase("RequireNone");
    }
    return !node.args().isEmpty() && node.args().get(0).equalsIgnoreCase("not");
  }

  private String suggestion(String typed) {
    return ClosestMatch.among(typed, providers.names())
        .map(best -> "did you mean " + best + "?")
        .orElse("known providers: " + String.join(", ", providers.names()));
  }

  /** The kind of container a rule sits in; httpd names the implicit one {@code <RequireAny>}. */
  private enum Container {
    IMPLICIT_ANY("<RequireAny>"),
    ANY("<RequireAny>"),
    ALL("<RequireAll>"),
    NONE("<RequireNone>");

    private final String label;

    Container(String label) {
      this.label = label;
    }

    static Container of(String sectionName) {
      return switch (sectionName.toLowerCase(Locale.ROOT)) {
        case "requireall" -> ALL;
        case "requirenone" -> NONE;
        default -> ANY;
      };
    }
  }
}
