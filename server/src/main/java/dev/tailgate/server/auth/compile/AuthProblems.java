package dev.tailgate.server.auth.compile;

import dev.tailgate.auth.compile.ProblemSink;
import dev.tailgate.config.DirectiveCall;

/**
 * Reports the auth compilers' problems into the configuration's problem list, at the node's line.
 */
final class AuthProblems {
  private AuthProblems() {}

  static ProblemSink of(DirectiveCall call) {
    return (node, message, hint) ->
        call.problems().add(node.at(), node.displayName(), message, hint);
  }
}
