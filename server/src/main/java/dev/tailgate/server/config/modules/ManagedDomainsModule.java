package dev.tailgate.server.config.modules;

import dev.tailgate.server.config.model.TailgateConfig;
import dev.tailgate.server.config.syntax.ProblemCollector;
import dev.tailgate.server.md.MdConfigCompiler;

import dev.tailgate.server.config.ConfigModule;
import dev.tailgate.server.config.Context;
import dev.tailgate.server.config.DirectiveDefinition;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.tailgate.server.config.Arity.atLeast;
import static dev.tailgate.server.config.Arity.exactly;
import static dev.tailgate.server.config.DirectiveDefinition.SERVER_ONLY;
import static dev.tailgate.server.config.modules.RawDirectives.directive;
import static dev.tailgate.server.config.modules.RawDirectives.section;

/**
 * mod_md's directives, <b>parsed now, compiled by the managed-domains issue (4)</b>. Contexts follow
 * mod_md: per-domain settings are allowed globally, in a vhost and inside {@code <MDomain>};
 * module-wide ones only in server config (httpd accepts some in a vhost and silently applies them
 * globally; we say so instead).
 *
 * <p>Seam: replace this module in {@code StandardModules} with one whose handlers build typed
 * managed domains; nothing else changes. Until then the nodes are in
 * {@code TailgateConfig.serverDirectives()} and {@code HostConfig.rawDirectives()}.
 */
public final class ManagedDomainsModule implements ConfigModule {

  private static final Set<Context> PER_DOMAIN = EnumSet.of(Context.SERVER, Context.VIRTUAL_HOST, Context.MDOMAIN);

  @Override
  public String name() {
    return "md";
  }

  /** Compiles the managed domains once the whole configuration is read, to report what mod_md would not. */
  @Override
  public void check(TailgateConfig config, ProblemCollector problems) {
    MdConfigCompiler.compile(config, problems);
  }

  @Override
  public List<DirectiveDefinition> directives() {
    return List.of(
        section("MDomain", SERVER_ONLY, atLeast(1), "<MDomain dns-name [other-dns-name] ...> ... </MDomain>", Context.MDOMAIN),
        directive("MDomain", SERVER_ONLY, atLeast(1), "MDomain dns-name [other-dns-name] ... [auto|manual]"),
        directive("MDCertificateProtocol", PER_DOMAIN, exactly(1), "MDCertificateProtocol ACME|tailscale"),
        directive("MDCertificateAuthority", PER_DOMAIN, atLeast(1), "MDCertificateAuthority url|name [url|name] ..."),
        directive("MDRenewWindow", PER_DOMAIN, exactly(1), "MDRenewWindow duration|percent"),
        directive("MDWarnWindow", PER_DOMAIN, exactly(1), "MDWarnWindow duration|percent"),
        directive("MDRequireHttps", PER_DOMAIN, exactly(1), "MDRequireHttps off|temporary|permanent"),
        directive("MDStoreDir", SERVER_ONLY, exactly(1), "MDStoreDir path"),
        directive("MDRetryDelay", SERVER_ONLY, exactly(1), "MDRetryDelay duration"),
        directive("MDCheckInterval", SERVER_ONLY, exactly(1), "MDCheckInterval duration"),
        directive("MDMessageCmd", SERVER_ONLY, atLeast(1), "MDMessageCmd path-to-cmd [args] ..."),
        directive("MDNotifyCmd", SERVER_ONLY, atLeast(1), "MDNotifyCmd path-to-cmd [args] ..."),
        directive("MDCertificateStatus", SERVER_ONLY, exactly(1), "MDCertificateStatus on|off"));
  }
}
