package dev.tailgate.server.config.modules;

import static dev.tailgate.server.config.Arity.atLeast;
import static dev.tailgate.server.config.Arity.exactly;
import static dev.tailgate.server.config.DirectiveDefinition.SERVER_AND_VHOST;
import static dev.tailgate.server.config.DirectiveDefinition.SERVER_ONLY;

import dev.tailgate.auth.headers.IdentityHeaderField;
import dev.tailgate.server.auth.compile.ProxyProtocolSetting;
import dev.tailgate.server.auth.compile.SiteAuthSettingsCompiler;
import dev.tailgate.server.config.Arity;
import dev.tailgate.server.config.ConfigModule;
import dev.tailgate.server.config.Context;
import dev.tailgate.server.config.DirectiveCall;
import dev.tailgate.server.config.DirectiveDefinition;
import java.util.EnumMap;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * mod_authnz_tailscale's per-server directives, and tailgate's additions in the same family: the
 * tagged-device switch, identity header names, and PROXY protocol on the listeners (named after
 * mod_remoteip's directive). Checked now, kept raw on their server; the runtime reads them per
 * virtual host.
 */
public final class AuthTailscaleModule implements ConfigModule {

  @Override
  public String name() {
    return "authnz_tailscale";
  }

  @Override
  public List<DirectiveDefinition> directives() {
    return List.of(
        kept("AuthTailscaleURL", SERVER_AND_VHOST, exactly(1), "AuthTailscaleURL url-or-path",
            call -> settings(call).socket(call.node())),
        kept("AuthTailscaleCacheTimeout", SERVER_AND_VHOST, exactly(1), "AuthTailscaleCacheTimeout duration",
            call -> settings(call).cacheTimeout(call.node())),
        kept("AuthTailscaleTaggedAsUser", SERVER_AND_VHOST, exactly(1), "AuthTailscaleTaggedAsUser on|off",
            call -> settings(call).taggedAsUser(call.node())),
        kept("AuthTailscaleHeader", SERVER_AND_VHOST, exactly(2), "AuthTailscaleHeader field header-name|off",
            call -> settings(call).header(call.node(), new EnumMap<>(IdentityHeaderField.class))),
        kept("RemoteIPProxyProtocol", SERVER_ONLY, atLeast(1), "RemoteIPProxyProtocol On|Off [port ...]",
            call -> ProxyProtocolSetting.check(call.node(), AuthProblems.of(call))));
  }

  /** A directive whose value is checked now and kept raw for the runtime. */
  private static DirectiveDefinition kept(String name, Set<Context> contexts, Arity arity, String syntax,
      Consumer<DirectiveCall> check) {
    return DirectiveDefinition.directive(name, contexts, arity, syntax, call -> {
      check.accept(call);
      call.scope().keepRaw(call.node());
    });
  }

  private static SiteAuthSettingsCompiler settings(DirectiveCall call) {
    return new SiteAuthSettingsCompiler(AuthProblems.of(call));
  }
}
