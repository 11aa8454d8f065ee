package dev.tailgate.server.config;

import java.util.List;

/**
 * A group of directives owned by one feature, like an httpd module's command table. The compiler
 * only knows modules through the {@link DirectiveRegistry}; adding or replacing a feature's
 * directives means adding or replacing its module in {@link StandardModules}, never editing the
 * compiler.
 */
public interface ConfigModule {

    /** For messages and docs, e.g. {@code proxy}. */
    String name();

    List<DirectiveDefinition> directives();
}
