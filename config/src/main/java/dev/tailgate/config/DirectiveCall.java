package dev.tailgate.config;

import dev.tailgate.config.syntax.ConfigNode;
import dev.tailgate.config.syntax.ProblemCollector;
import dev.tailgate.config.syntax.SectionNode;
import dev.tailgate.config.syntax.SourceLocation;
import java.util.List;

/** One directive being applied: the node, its scope, and where to report problems. */
public record DirectiveCall(
    ConfigNode node,
    DirectiveDefinition definition,
    Scope scope,
    ProblemCollector problems,
    ConfigCompiler compiler) {

  public List<String> args() {
    return node.args();
  }

  public String arg(int index) {
    return node.args().get(index);
  }

  public SourceLocation at() {
    return node.at();
  }

  public Context context() {
    return scope.context();
  }

  /** Reports a bad value of this directive; the compiler carries on. */
  public void problem(String message, String hint) {
    problems.add(node.at(), node.displayName(), message, hint);
  }

  /**
   * Reports a problem with the usage line as the hint, for argument shapes the arity can't express.
   */
  public void usageProblem(String message) {
    problem(message, "syntax: " + definition.syntax());
  }

  /** Compiles a section's children into {@code child}. */
  public void compileChildren(Scope child) {
    if (node instanceof SectionNode section) {
      compiler.compileAll(section.children(), child, problems);
    }
  }
}
