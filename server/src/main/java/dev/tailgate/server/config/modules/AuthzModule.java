package dev.tailgate.server.config.modules;

import dev.tailgate.server.config.ConfigModule;
import dev.tailgate.server.config.Context;
import dev.tailgate.server.config.DirectiveDefinition;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.tailgate.server.config.Arity.atLeast;
import static dev.tailgate.server.config.Arity.exactly;
import static dev.tailgate.server.config.Arity.none;
import static dev.tailgate.server.config.DirectiveDefinition.LOCATION_ONLY;
import static dev.tailgate.server.config.DirectiveDefinition.SERVER_AND_VHOST;
import static dev.tailgate.server.config.modules.RawDirectives.directive;
import static dev.tailgate.server.config.modules.RawDirectives.section;

/**
 * mod_authz_core, mod_authn_core and mod_authnz_tailscale directives, <b>parsed now, compiled by
 * the authorization issue (5)</b>. Per-directory ones are kept on their location section (and reach
 * the runtime as {@code EffectiveLocation.rawDirectives()} layers); per-server ones on the host.
 *
 * <p>Seam: replace this module in {@code StandardModules} with the real compiler.
 */
public final class AuthzModule implements ConfigModule {

    private static final Set<Context> REQUIRE_CONTEXTS = EnumSet.of(Context.LOCATION, Context.REQUIRE_SECTION);

    @Override
    public String name() {
        return "authz";
    }

    @Override
    public List<DirectiveDefinition> directives() {
        return List.of(
                directive("Require", REQUIRE_CONTEXTS, atLeast(1), "Require [not] entity-name [entity-name] ..."),
                section("RequireAll", REQUIRE_CONTEXTS, none(), "<RequireAll> Require ... </RequireAll>", Context.REQUIRE_SECTION),
                section("RequireAny", REQUIRE_CONTEXTS, none(), "<RequireAny> Require ... </RequireAny>", Context.REQUIRE_SECTION),
                section("RequireNone", REQUIRE_CONTEXTS, none(), "<RequireNone> Require ... </RequireNone>", Context.REQUIRE_SECTION),
                directive("AuthType", LOCATION_ONLY, exactly(1), "AuthType None|tailscale"),
                directive("AuthName", LOCATION_ONLY, exactly(1), "AuthName auth-domain"),
                directive("AuthMerging", LOCATION_ONLY, exactly(1), "AuthMerging Off|And|Or"),
                directive("AuthzSendForbiddenOnFailure", LOCATION_ONLY, exactly(1), "AuthzSendForbiddenOnFailure on|off"),
                directive("AuthTailscaleURL", SERVER_AND_VHOST, exactly(1), "AuthTailscaleURL url-or-path"),
                directive("AuthTailscaleCacheTimeout", SERVER_AND_VHOST, exactly(1), "AuthTailscaleCacheTimeout duration"));
    }
}
