package dev.tailgate.server.config.modules;

import static dev.tailgate.server.config.Arity.atLeast;
import static dev.tailgate.server.config.Arity.exactly;
import static dev.tailgate.server.config.Arity.none;
import static dev.tailgate.server.config.DirectiveDefinition.LOCATION_ONLY;

import dev.tailgate.auth.policy.AuthType;
import dev.tailgate.auth.policy.Providers;
import dev.tailgate.server.auth.compile.AuthMerging;
import dev.tailgate.server.auth.compile.RequireCompiler;
import dev.tailgate.server.config.ConfigModule;
import dev.tailgate.server.config.Context;
import dev.tailgate.server.config.DirectiveCall;
import dev.tailgate.server.config.DirectiveDefinition;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * mod_authz_core's and mod_authn_core's directives. Each is checked now, so {@code tailgate check}
 * reports httpd's policy errors with file and line, and kept on its location section: the runtime
 * merges the sections of a request (AuthMerging) and compiles the result once.
 */
public final class AuthzModule implements ConfigModule {
  private static final Set<Context> REQUIRE_CONTEXTS = EnumSet.of(Context.LOCATION, Context.REQUIRE_SECTION);

  private final Providers providers = Providers.standard();

  @Override
  public String name() {
    return "authz";
  }

  @Override
  public List<DirectiveDefinition> directives() {
    return List.of(
        DirectiveDefinition.directive("Require", REQUIRE_CONTEXTS, atLeast(1), "Require [not] entity-name [entity-name] ...",
            this::require),
        section("RequireAll"),
        section("RequireAny"),
        section("RequireNone"),
        DirectiveDefinition.directive("AuthType", LOCATION_ONLY, exactly(1), "AuthType None|tailscale", AuthzModule::authType),
        DirectiveDefinition.directive("AuthName", LOCATION_ONLY, exactly(1), "AuthName auth-domain", AuthzModule::keep),
        DirectiveDefinition.directive("AuthMerging", LOCATION_ONLY, exactly(1), "AuthMerging Off|And|Or",
            AuthzModule::authMerging),
        DirectiveDefinition.directive("AuthzSendForbiddenOnFailure", LOCATION_ONLY, exactly(1),
            "AuthzSendForbiddenOnFailure on|off", AuthzModule::forbiddenOnFailure));
  }

  private DirectiveDefinition section(String name) {
    return DirectiveDefinition.section(name, REQUIRE_CONTEXTS, none(), "<" + name + "> Require ... </" + name + ">",
        call -> {
          // checked as a whole from the outermost section; nested ones are part of that tree
          if (call.context() == Context.LOCATION) {
            call.scope().keepRaw(call.node());
            compiler(call).check(call.node());
          }
          call.compileChildren(call.scope().rawSection(Context.REQUIRE_SECTION, call.definition().name()));
        });
  }

  private void require(DirectiveCall call) {
    if (call.context() == Context.LOCATION) {
      call.scope().keepRaw(call.node());
      compiler(call).check(call.node());
    }
  }

  private RequireCompiler compiler(DirectiveCall call) {
    return new RequireCompiler(providers, AuthProblems.of(call));
  }

  private static void authType(DirectiveCall call) {
    if (AuthType.parse(call.arg(0)).isEmpty()) {
      call.problem("AuthType " + call.arg(0) + " is not supported by tailgate",
          "write AuthType tailscale (the user is the tailnet login) or AuthType None");
    }
    keep(call);
  }

  private static void authMerging(DirectiveCall call) {
    if (AuthMerging.parse(call.arg(0)).isEmpty()) {
      call.usageProblem("expects Off, And or Or, got \"" + call.arg(0) + "\"");
    }
    keep(call);
  }

  private static void forbiddenOnFailure(DirectiveCall call) {
    String value = call.arg(0).toLowerCase(Locale.ROOT);
    if (!value.equals("on") && !value.equals("off")) {
      call.usageProblem("expects on or off, got \"" + call.arg(0) + "\"");
    }
    keep(call);
  }

  private static void keep(DirectiveCall call) {
    call.scope().keepRaw(call.node());
  }
}
