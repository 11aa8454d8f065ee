package dev.tailgate.config;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of the directive registry: what httpd's {@code command_rec} says about a directive.
 *
 * @param section true for containers written {@code <Name …> … </Name>}
 * @param syntax the usage line shown in arity errors, e.g. {@code ServerName domain-name[:port]}
 */
public record DirectiveDefinition(
    String name,
    boolean section,
    Set<Context> contexts,
    Arity arity,
    String syntax,
    DirectiveHandler handler) {

  public DirectiveDefinition {
    Objects.requireNonNull(name, "name");
    contexts = Set.copyOf(contexts);
    Objects.requireNonNull(handler, "handler");
  }

  public static DirectiveDefinition directive(
      String name, Set<Context> contexts, Arity arity, String syntax, DirectiveHandler handler) {
    return new DirectiveDefinition(name, false, contexts, arity, syntax, handler);
  }

  public static DirectiveDefinition section(
      String name, Set<Context> contexts, Arity arity, String syntax, DirectiveHandler handler) {
    return new DirectiveDefinition(name, true, contexts, arity, syntax, handler);
  }

  /** httpd's common context sets. */
  public static final Set<Context> SERVER_ONLY = EnumSet.of(Context.SERVER);

  public static final Set<Context> SERVER_AND_VHOST =
      EnumSet.of(Context.SERVER, Context.VIRTUAL_HOST);
  public static final Set<Context> VHOST_ONLY = EnumSet.of(Context.VIRTUAL_HOST);
  public static final Set<Context> ANY_HOST_OR_LOCATION =
      EnumSet.of(Context.SERVER, Context.VIRTUAL_HOST, Context.LOCATION);
  public static final Set<Context> LOCATION_ONLY = EnumSet.of(Context.LOCATION);

  public String displayName() {
    return section ? "<" + name + ">" : name;
  }
}
