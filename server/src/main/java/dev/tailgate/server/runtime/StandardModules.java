package dev.tailgate.server.runtime;

import dev.tailgate.config.ConfigLoader;
import dev.tailgate.config.ConfigModule;
import dev.tailgate.config.DirectiveRegistry;
import dev.tailgate.config.modules.CoreModules;
import dev.tailgate.server.auth.compile.AuthTailscaleModule;
import dev.tailgate.server.auth.compile.AuthzModule;
import dev.tailgate.server.log.LogModule;
import dev.tailgate.server.md.config.ManagedDomainsModule;
import dev.tailgate.server.tls.TlsModule;
import java.util.ArrayList;
import java.util.List;

/**
 * The modules tailgate ships, like httpd's list of compiled-in modules: the configuration core's
 * own and each feature's, registered here at the top so that the core knows none of the features
 * (as Caddy registers each module's directives).
 */
public final class StandardModules {

  private StandardModules() {}

  public static List<ConfigModule> all() {
    List<ConfigModule> modules = new ArrayList<>(CoreModules.all());
    modules.add(new LogModule());
    modules.add(new TlsModule());
    modules.add(new ManagedDomainsModule());
    modules.add(new AuthzModule());
    modules.add(new AuthTailscaleModule());
    return List.copyOf(modules);
  }

  public static DirectiveRegistry registry() {
    return DirectiveRegistry.of(all());
  }

  /** A loader that knows every directive tailgate supports, with the process's environment. */
  public static ConfigLoader loader() {
    return new ConfigLoader(registry());
  }
}
