package dev.tailgate.server.config.modules;

import dev.tailgate.server.config.Arity;
import dev.tailgate.server.config.Context;
import dev.tailgate.server.config.DirectiveDefinition;

import java.util.Set;

/**
 * Definitions for directives that are accepted and checked (context, arity) now but compiled by a
 * later module: the node is kept, with file:line, on the scope it appears in. A raw section also
 * checks its children against {@code inner} and is kept whole.
 */
final class RawDirectives {

  private RawDirectives() {
  }

  static DirectiveDefinition directive(String name, Set<Context> contexts, Arity arity, String syntax) {
    return DirectiveDefinition.directive(name, contexts, arity, syntax, call -> call.scope().keepRaw(call.node()));
  }

  static DirectiveDefinition section(String name, Set<Context> contexts, Arity arity, String syntax, Context inner) {
    return DirectiveDefinition.section(name, contexts, arity, syntax, call -> {
      call.scope().keepRaw(call.node());
      call.compileChildren(call.scope().rawSection(inner, call.definition().name()));
    });
  }
}
