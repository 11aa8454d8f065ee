package dev.tailgate.auth.compile;

import dev.tailgate.config.syntax.ConfigNode;

/**
 * Where a compiler of auth directives reports what is wrong: the configuration's problem collector,
 * so {@code tailgate check} shows file:line.
 */
@FunctionalInterface
public interface ProblemSink {

  void problem(ConfigNode node, String message, String hint);
}
