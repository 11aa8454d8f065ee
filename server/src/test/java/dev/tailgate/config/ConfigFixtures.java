package dev.tailgate.config;

import dev.tailgate.server.runtime.StandardModules;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test resources under config/ and a fixed environment, so results do not depend on the machine.
 */
public final class ConfigFixtures {

  static final Map<String, String> ENVIRONMENT = Map.of("TG_PORT", "8443", "HOME", "/home/tester");

  private ConfigFixtures() {}

  public static Path resource(String relative) {
    try {
      return Path.of(ConfigFixtures.class.getResource("/config/" + relative).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("missing test resource config/" + relative, e);
    }
  }

  public static ConfigLoader loader() {
    return new ConfigLoader(ENVIRONMENT, StandardModules.registry());
  }
}
