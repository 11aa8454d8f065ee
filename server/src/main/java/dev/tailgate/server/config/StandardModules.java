package dev.tailgate.server.config;

import dev.tailgate.server.config.modules.AliasModule;
import dev.tailgate.server.config.modules.AuthTailscaleModule;
import dev.tailgate.server.config.modules.AuthzModule;
import dev.tailgate.server.config.modules.CoreModule;
import dev.tailgate.server.config.modules.DirModule;
import dev.tailgate.server.config.modules.HeadersModule;
import dev.tailgate.server.config.modules.LogModule;
import dev.tailgate.server.config.modules.ManagedDomainsModule;
import dev.tailgate.server.config.modules.ProxyModule;
import dev.tailgate.server.config.modules.SslModule;

import java.util.List;

/**
 * The modules tailgate ships, like httpd's list of compiled-in modules.
 *
 * <p>{@link ManagedDomainsModule}, {@link AuthzModule} and {@link AuthTailscaleModule} check their
 * directives' values here but keep them as raw nodes, because their runtimes compile them (and
 * merge access rules per request path); the core compiler and the other modules know none of them.
 */
public final class StandardModules {

  private StandardModules() {
  }

  public static List<ConfigModule> all() {
    return List.of(new CoreModule(), new DirModule(), new AliasModule(), new SslModule(), new ProxyModule(),
        new HeadersModule(), new LogModule(), new ManagedDomainsModule(), new AuthzModule(), new AuthTailscaleModule());
  }

  public static DirectiveRegistry registry() {
    return DirectiveRegistry.of(all());
  }
}
