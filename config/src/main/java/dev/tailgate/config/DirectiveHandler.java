package dev.tailgate.config;

/**
 * Applies one directive to the scope being built. Called only after the compiler checked name,
 * kind, context and arity, so a handler validates values only.
 */
@FunctionalInterface
public interface DirectiveHandler {

  void apply(DirectiveCall call);
}
