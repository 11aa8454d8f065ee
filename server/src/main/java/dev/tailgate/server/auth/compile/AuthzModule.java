package dev.tailgate.server.auth.compile;

import static dev.tailgate.config.Arity.atLeast;
import static dev.tailgate.config.Arity.exactly;
import static dev.tailgate.config.Arity.none;
import static dev.tailgate.config.DirectiveDefinition.LOCATION_ONLY;

import dev.tailgate.auth.compile.RequireCompiler;
import dev.tailgate.auth.policy.AuthType;
import dev.tailgate.auth.policy.providers.Providers;
import dev.tailgate.config.ConfigModule;
import dev.tailgate.config.Context;
import dev.tailgate.config.DirectiveCall;
import dev.tailgate.config.DirectiveDefinition;
import dev.tailgate.config.ModuleValuesBuilder;
import dev.tailgate.config.modules.OnOff;
import dev.tailgate.config.syntax.ConfigNode;
import dev.tailgate.config.syntax.SectionNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * mod_authz_core's and mod_authn_core's directives. Each is checked and compiled as it is read, so
 * {@code tailgate check} reports httpd's policy errors with file and line, into the location's
 * {@link AccessRules}; the model merges those over the sections a request matches.
 */
public final class AuthzModule implements ConfigModule {
  private static final Set<Context> REQUIRE_CONTEXTS =
      EnumSet.of(Context.LOCATION, Context.REQUIRE_SECTION);

  private final Providers providers = Providers.standard();

  @Override
  public String name() {
    return "authz";
  }

  @Override
  public List<DirectiveDefinition> directives() {
    return List.of(
        DirectiveDefinition.directive(
            "Require",
            REQUIRE_CONTEXTS,
            atLeast(1),
            "Require [not] entity-name [entity-name] ...",
            this::rule),
        section("RequireAll"),
        section("RequireAny"),
        section("RequireNone"),
        DirectiveDefinition.directive(
            "AuthType",
            LOCATION_ONLY,
            exactly(1),
            "AuthType None|tailscale",
            AuthzModule::authType),
        DirectiveDefinition.directive(
            "AuthName",
            LOCATION_ONLY,
            exactly(1),
            "AuthName auth-domain",
            call -> update(call, rules -> rules)),
        DirectiveDefinition.directive(
            "AuthMerging",
            LOCATION_ONLY,
            exactly(1),
            "AuthMerging Off|And|Or",
            AuthzModule::authMerging),
        DirectiveDefinition.directive(
            "AuthzSendForbiddenOnFailure",
            LOCATION_ONLY,
            exactly(1),
            "AuthzSendForbiddenOnFailure on|off",
            AuthzModule::forbiddenOnFailure));
  }

  private DirectiveDefinition section(String name) {
    return DirectiveDefinition.section(
        name,
        REQUIRE_CONTEXTS,
        none(),
        "<" + name + "> Require ... </" + name + ">",
        call -> {
          // compiled as a whole from the outermost section; nested ones are part of that tree
          if (call.context() == Context.LOCATION) {
            rule(call);
          }
          call.compileChildren(
              call.scope()
                  .section(
                      Context.REQUIRE_SECTION,
                      call.definition().name(),
                      new ModuleValuesBuilder()));
        });
  }

  /**
   * A rule written directly in a location: one more alternative of its implicit {@code
   * <RequireAny>}.
   */
  private void rule(DirectiveCall call) {
    if (call.context() == Context.LOCATION) {
      new RequireCompiler(providers, AuthProblems.of(call))
          .compileRule(call.node())
          .ifPresent(rule -> update(call, rules -> rules.withRule(rule)));
    }
  }

  private static void authType(DirectiveCall call) {
    Optional<AuthType> type = AuthType.parse(call.arg(0));
    if (type.isEmpty()) {
      call.problem(
          "AuthType " + call.arg(0) + " is not supported by tailgate",
          "write AuthType tailscale (the user is the tailnet login) or AuthType None");
      return;
    }
    update(call, rules -> rules.withAuthType(type.get()));
  }

  private static void authMerging(DirectiveCall call) {
    Optional<AuthMerging> merging = AuthMerging.parse(call.arg(0));
    if (merging.isEmpty()) {
      call.usageProblem("expects Off, And or Or, got \"" + call.arg(0) + "\"");
      return;
    }
    update(call, rules -> rules.withMerging(merging.get()));
  }

  private static void forbiddenOnFailure(DirectiveCall call) {
    OnOff.parse(call, call.arg(0))
        .ifPresent(on -> update(call, rules -> rules.withForbiddenOnFailure(on)));
  }

  private static void update(DirectiveCall call, UnaryOperator<AccessRules> change) {
    List<String> source = new ArrayList<>();
    describe(call.node(), "", source);
    call.scope()
        .modules()
        .update(
            AccessRules.KEY,
            () -> AccessRules.NONE,
            rules -> change.apply(rules).withSource(source));
  }

  private static void describe(ConfigNode node, String indent, List<String> out) {
    if (node instanceof SectionNode section) {
      out.add(indent + "<" + section.name() + ">  (" + section.at() + ")");
      section.children().forEach(child -> describe(child, indent + "  ", out));
    } else {
      out.add(indent + node.name() + " " + node.rawArgs() + "  (" + node.at() + ")");
    }
  }
}
