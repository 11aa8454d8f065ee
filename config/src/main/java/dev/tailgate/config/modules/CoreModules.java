package dev.tailgate.config.modules;

import dev.tailgate.config.ConfigModule;
import java.util.List;

/** The directives of httpd's core and of the modules the front door itself implements. */
public final class CoreModules {
  private CoreModules() {}

  public static List<ConfigModule> all() {
    return List.of(
        new CoreModule(),
        new DirModule(),
        new AliasModule(),
        new SslModule(),
        new ProxyModule(),
        new HeadersModule());
  }
}
