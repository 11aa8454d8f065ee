package dev.tailgate.config;

import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.syntax.ConfigException;
import dev.tailgate.config.syntax.ConfigNode;
import dev.tailgate.config.syntax.ConfigParser;
import dev.tailgate.config.syntax.ConfigTree;
import dev.tailgate.config.syntax.ProblemCollector;
import dev.tailgate.config.syntax.SectionNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Stage 2: turns a syntax tree into a {@link TailgateConfig}. It owns the checks every directive
 * shares (known name, section or not, context, arity) and dispatches to the registry's handlers;
 * what a directive means lives in its module.
 */
public final class ConfigCompiler {

  private final DirectiveRegistry registry;

  public ConfigCompiler(DirectiveRegistry registry) {
    this.registry = registry;
  }

  public TailgateConfig compile(ConfigTree tree) throws ConfigException {
    ProblemCollector problems = new ProblemCollector();
    ServerBuilder server = new ServerBuilder(tree.mainFile());
    compileAll(tree.nodes(), Scope.server(server), problems);
    TailgateConfig config = new ModelAssembler(server, problems).assemble();
    if (problems.isEmpty()) {
      for (ConfigModule module : registry.modules()) {
        module.check(config, problems);
        config = config.with(module.complete(config, problems));
      }
    }
    problems.throwIfAny();
    return config;
  }

  void compileAll(List<ConfigNode> nodes, Scope scope, ProblemCollector problems) {
    for (ConfigNode node : nodes) {
      compile(node, scope, problems);
    }
  }

  private void compile(ConfigNode node, Scope scope, ProblemCollector problems) {
    boolean isSection = node instanceof SectionNode;
    Optional<DirectiveDefinition> found = registry.find(node.name(), isSection);
    if (found.isEmpty()) {
      Optional<DirectiveDefinition> otherKind = registry.find(node.name(), !isSection);
      if (otherKind.isPresent()) {
        problems.add(
            node.at(),
            node.displayName(),
            isSection
                ? otherKind.get().name() + " is a directive, not a section"
                : otherKind.get().name() + " is a section, not a directive",
            "syntax: " + otherKind.get().syntax());
      } else {
        reportUnknown(node, isSection, problems);
      }
      return;
    }
    DirectiveDefinition definition = found.get();
    if (!definition.contexts().contains(scope.context())) {
      problems.add(
          node.at(),
          node.displayName(),
          "not allowed " + inside(scope),
          "allowed in "
              + definition.contexts().stream()
                  .sorted()
                  .map(Context::label)
                  .collect(Collectors.joining(", ")));
      return;
    }
    if (!definition.arity().accepts(node.args().size())) {
      problems.add(
          node.at(),
          node.displayName(),
          definition.arity().describe() + ", got " + node.args().size(),
          "syntax: " + definition.syntax());
      return;
    }
    definition.handler().apply(new DirectiveCall(node, definition, scope, problems, this));
  }

  private static String inside(Scope scope) {
    return scope.context() == Context.SERVER ? "in server config" : "inside " + scope.where();
  }

  private void reportUnknown(ConfigNode node, boolean isSection, ProblemCollector problems) {
    Optional<String> unsupported = UnsupportedDirectives.hint(node.name());
    if (unsupported.isPresent()) {
      problems.add(node.at(), node.displayName(), "not supported by tailgate", unsupported.get());
      return;
    }
    List<String> candidates = new ArrayList<>(registry.names(isSection));
    if (!isSection) {
      candidates.addAll(ConfigParser.READ_TIME_DIRECTIVES);
    }
    Optional<String> suggestion = ClosestMatch.among(node.name(), candidates);
    String kind = isSection ? "unknown section" : "unknown directive";
    String hint =
        suggestion
            .map(s -> "did you mean " + (isSection ? "<" + s + ">" : s) + "?")
            .orElse("see docs/configuration.md for the supported directives");
    problems.add(node.at(), node.displayName(), kind, hint);
  }
}
