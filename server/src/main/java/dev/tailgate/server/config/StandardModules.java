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
 * <p><b>The seam for issues 4 and 5:</b> {@link ManagedDomainsModule} and {@link AuthzModule} only
 * check context and arity and keep their directives as raw nodes. A real compiler replaces one of
 * them here (same directive names, real handlers); the core compiler and the other modules do not
 * change.
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
