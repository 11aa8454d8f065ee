package dev.tailgate.config;

import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.syntax.ConfigException;
import dev.tailgate.config.syntax.ConfigParser;
import java.nio.file.Path;
import java.util.Map;

/** The one call the rest of tailgate makes: file in, validated model or every problem out. */
public final class ConfigLoader {

  private final Map<String, String> environment;
  private final DirectiveRegistry registry;

  public ConfigLoader(Map<String, String> environment, DirectiveRegistry registry) {
    this.environment = Map.copyOf(environment);
    this.registry = registry;
  }

  /** With the process's environment for {@code ${VAR}}. */
  public ConfigLoader(DirectiveRegistry registry) {
    this(System.getenv(), registry);
  }

  public TailgateConfig load(Path mainFile) throws ConfigException {
    return new ConfigCompiler(registry).compile(new ConfigParser(environment).parse(mainFile));
  }
}
