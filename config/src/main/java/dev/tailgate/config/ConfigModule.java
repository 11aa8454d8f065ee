package dev.tailgate.config;

import dev.tailgate.config.model.ModuleValues;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.syntax.ProblemCollector;
import java.util.List;

/**
 * A group of directives owned by one feature, like an httpd module's command table. The compiler
 * only knows modules through the {@link DirectiveRegistry}; adding or replacing a feature's
 * directives means adding or replacing its module in the runtime's list of standard modules, never
 * editing the compiler.
 */
public interface ConfigModule {

  /** For messages and docs, e.g. {@code proxy}. */
  String name();

  List<DirectiveDefinition> directives();

  /**
   * httpd's post-config hook: checks that need the whole configuration (a managed domain against
   * the virtual hosts that use it), run once every directive is read. Problems found here are
   * reported with the others, so {@code tailgate check} shows them too.
   */
  default void check(TailgateConfig config, ProblemCollector problems) {}

  /**
   * What this feature compiles from the whole configuration once every directive is read and
   * checked (the managed domains, which need the virtual hosts): compiled once at load, so the
   * runtime only reads finished values. Problems go to {@code problems}; the configuration is then
   * refused.
   */
  default ModuleValues complete(TailgateConfig config, ProblemCollector problems) {
    return ModuleValues.EMPTY;
  }
}
