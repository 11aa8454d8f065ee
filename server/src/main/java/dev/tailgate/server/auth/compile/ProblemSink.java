package dev.tailgate.server.auth.compile;

import dev.tailgate.config.syntax.ConfigNode;

/**
 * Where a compiler of auth directives reports what is wrong. While the configuration is read this
 * is the problem collector (so {@code tailgate check} shows file:line); at runtime the directives
 * were validated already, and a problem means a bug.
 */
@FunctionalInterface
public interface ProblemSink {

  void problem(ConfigNode node, String message, String hint);

  /** For compiling directives that were validated when the configuration was loaded. */
  ProblemSink ALREADY_VALIDATED =
      (node, message, hint) -> {
        throw new IllegalStateException(node.at() + ": " + node.displayName() + ": " + message);
      };
}
