package dev.tailgate.config;

import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.syntax.ConfigException;
import dev.tailgate.server.runtime.StandardModules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Loads a config given as text, written to {@code dir/tailgate.conf}. */
public final class ConfigText {

  private ConfigText() {}

  public static TailgateConfig load(Path dir, String text) throws ConfigException {
    try {
      Path file = dir.resolve("tailgate.conf");
      Files.writeString(file, text);
      return new ConfigLoader(Map.of(), StandardModules.registry()).load(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
