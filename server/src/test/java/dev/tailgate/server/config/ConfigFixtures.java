package dev.tailgate.server.config;

import dev.tailgate.server.runtime.StandardModules;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;

/** Test resources under config/ and a fixed environment, so results do not depend on the machine. */
final class ConfigFixtures {

  static final Map<String, String> ENVIRONMENT = Map.of("TG_PORT", "8443", "HOME", "/home/tester");

  private ConfigFixtures() {
  }

  static Path resource(String relative) {
    try {
      return Path.of(ConfigFixtures.class.getResource("/config/" + relative).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("missing test resource config/" + relative, e);
    }
  }

  static ConfigLoader loader() {
    return new ConfigLoader(ENVIRONMENT, StandardModules.registry());
  }
}
