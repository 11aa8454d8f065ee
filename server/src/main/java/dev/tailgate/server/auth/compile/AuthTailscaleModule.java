package dev.tailgate.server.auth.compile;

import static dev.tailgate.config.Arity.atLeast;
import static dev.tailgate.config.Arity.exactly;
import static dev.tailgate.config.DirectiveDefinition.SERVER_AND_VHOST;
import static dev.tailgate.config.DirectiveDefinition.SERVER_ONLY;

import dev.tailgate.config.ConfigModule;
import dev.tailgate.config.DirectiveCall;
import dev.tailgate.config.DirectiveDefinition;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * mod_authnz_tailscale's per-server directives, and tailgate's additions in the same family: the
 * tagged-device switch, identity header names, and PROXY protocol on the listeners (named after
 * mod_remoteip's directive). Each is checked and compiled into its server's {@link
 * TailscaleServerSettings} as it is read; a vhost's merge over the main server's at load.
 */
public final class AuthTailscaleModule implements ConfigModule {

  @Override
  public String name() {
    return "authnz_tailscale";
  }

  @Override
  public List<DirectiveDefinition> directives() {
    return List.of(
        DirectiveDefinition.directive(
            "AuthTailscaleURL",
            SERVER_AND_VHOST,
            exactly(1),
            "AuthTailscaleURL url-or-path",
            call ->
                compiler(call)
                    .socket(call.node())
                    .ifPresent(socket -> update(call, s -> s.withSocket(socket)))),
        DirectiveDefinition.directive(
            "AuthTailscaleCacheTimeout",
            SERVER_AND_VHOST,
            exactly(1),
            "AuthTailscaleCacheTimeout duration",
            call ->
                compiler(call)
                    .cacheTimeout(call.node())
                    .ifPresent(t -> update(call, s -> s.withCacheTimeout(t)))),
        DirectiveDefinition.directive(
            "AuthTailscaleCacheGrace",
            SERVER_AND_VHOST,
            exactly(1),
            "AuthTailscaleCacheGrace duration",
            call ->
                compiler(call)
                    .cacheGrace(call.node())
                    .ifPresent(g -> update(call, s -> s.withCacheGrace(g)))),
        DirectiveDefinition.directive(
            "AuthTailscaleTaggedAsUser",
            SERVER_AND_VHOST,
            exactly(1),
            "AuthTailscaleTaggedAsUser on|off",
            call ->
                compiler(call)
                    .taggedAsUser(call.node())
                    .ifPresent(t -> update(call, s -> s.withTaggedDevices(t)))),
        DirectiveDefinition.directive(
            "AuthTailscaleHeader",
            SERVER_AND_VHOST,
            exactly(2),
            "AuthTailscaleHeader field header-name|off",
            call ->
                compiler(call)
                    .header(call.node())
                    .ifPresent(h -> update(call, s -> s.withHeader(h.field(), h.name())))),
        DirectiveDefinition.directive(
            "RemoteIPProxyProtocol",
            SERVER_ONLY,
            atLeast(1),
            "RemoteIPProxyProtocol On|Off [port ...]",
            call ->
                ProxyProtocolSetting.parse(call.node(), AuthProblems.of(call))
                    .ifPresent(
                        ports ->
                            call.scope()
                                .modules()
                                .update(ProxyProtocolPorts.KEY, () -> ports, old -> ports))));
  }

  private static SiteAuthSettingsCompiler compiler(DirectiveCall call) {
    return new SiteAuthSettingsCompiler(AuthProblems.of(call));
  }

  private static void update(DirectiveCall call, UnaryOperator<TailscaleServerSettings> change) {
    call.scope()
        .modules()
        .update(TailscaleServerSettings.KEY, () -> TailscaleServerSettings.NONE, change);
  }
}
