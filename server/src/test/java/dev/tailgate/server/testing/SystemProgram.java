package dev.tailgate.server.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;

/**
 * A program from the distribution that a test runs for real (nginx, Apache httpd). Where it is
 * missing the test is skipped with a line naming the package to install, so {@code mvn verify}
 * passes on a machine with only a JDK and Maven; with {@code -Dtailgate.require=nginx,httpd} (what
 * {@code .ci/run} sets) a missing program fails the build instead, so CI never skips.
 */
public final class SystemProgram {
  /** The system property that turns a skip into a failure; scripts outside the project set it. */
  public static final String REQUIRE_PROPERTY = "tailgate.require";

  private SystemProgram() {}

  /**
   * @param name the name {@code tailgate.require} uses for it
   * @param debianPackage what {@code apt-get install} needs
   * @return the first of {@code candidates} that is executable
   */
  public static Path find(String name, String debianPackage, List<Path> candidates) {
    for (Path candidate : candidates) {
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    String message =
        name
            + " is not installed, so the tests that run it are skipped; install it with"
            + " `apt-get install -y "
            + debianPackage
            + "` (.ci/run does, and sets -D"
            + REQUIRE_PROPERTY
            + "="
            + name
            + ")";
    if (required(name)) {
      throw new AssertionError(
          name
              + " is not installed and -D"
              + REQUIRE_PROPERTY
              + " names it, so this test"
              + " fails instead of skipping: install it with `apt-get install -y "
              + debianPackage
              + "`");
    }
    System.err.println("SKIPPED: " + message);
    Assumptions.abort(message);
    throw new IllegalStateException("unreachable");
  }

  private static boolean required(String name) {
    String required = System.getProperty(REQUIRE_PROPERTY, "");
    return Arrays.stream(required.split(","))
        .map(s -> s.trim().toLowerCase(Locale.ROOT))
        .anyMatch(s -> s.equals(name) || s.equals("all"));
  }
}
