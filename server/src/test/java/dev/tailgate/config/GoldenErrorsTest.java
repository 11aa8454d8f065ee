package dev.tailgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tailgate.config.syntax.ConfigException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every error message, exactly: each {@code config/errors/NAME.conf} must fail with the text in
 * {@code NAME.expected}. File names are shown relative to the errors directory, which itself shows
 * as {@code .} so the files do not depend on where the build runs.
 */
class GoldenErrorsTest {

  private static final Path DIR = ConfigFixtures.resource("errors");

  static Stream<String> cases() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".conf"))
          .map(n -> n.substring(0, n.length() - ".conf".length()))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failsWithTheExpectedMessages(String name) throws IOException {
    ConfigException error =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigFixtures.loader().load(DIR.resolve(name + ".conf")));

    assertThat(error).as("%s.conf must be rejected", name).isNotNull();
    String actual = render(error);
    Path expectedFile = DIR.resolve(name + ".expected");
    assertThat(expectedFile)
        .as("golden file for %s; the actual text is:%n%s", name, actual)
        .exists();
    assertThat(actual)
        .isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8).stripTrailing());
  }

  @Test
  void everyGoldenFileHasItsConfig() throws IOException {
    try (Stream<Path> files = Files.list(DIR)) {
      List<String> orphans =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".expected"))
              .filter(n -> !Files.exists(DIR.resolve(n.replace(".expected", ".conf"))))
              .toList();
      assertThat(orphans).isEmpty();
    }
    assertThat(cases()).hasSizeGreaterThan(20);
  }

  static String render(ConfigException error) {
    String prefix = DIR.toString() + "/";
    return error
        .render(p -> p.toString().replace(prefix, ""))
        .replace(prefix, "")
        .replace(DIR.toString(), ".");
  }
}
