package dev.tailgate.config.modules;

import dev.tailgate.config.DirectiveCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Resolves file arguments against ServerRoot and says precisely why one is unusable. */
final class ConfigPaths {

  private ConfigPaths() {}

  static Path resolve(DirectiveCall call, String path) {
    return call.scope().server().resolve(path);
  }

  static Optional<Path> readableFile(DirectiveCall call, String argument, String what) {
    Path path = resolve(call, argument);
    String reason = null;
    if (!Files.exists(path)) {
      reason = "does not exist";
    } else if (!Files.isRegularFile(path)) {
      reason = "is not a file";
    } else if (!Files.isReadable(path)) {
      reason = "is not readable by this user";
    }
    if (reason != null) {
      call.problem(
          "cannot read " + what + " " + path + ": it " + reason, relativeHint(call, argument));
      return Optional.empty();
    }
    return Optional.of(path);
  }

  static Optional<Path> directory(DirectiveCall call, String argument) {
    Path path = resolve(call, argument);
    if (!Files.isDirectory(path)) {
      call.problem(
          "directory " + path + (Files.exists(path) ? " is not a directory" : " does not exist"),
          relativeHint(call, argument));
      return Optional.empty();
    }
    return Optional.of(path);
  }

  private static String relativeHint(DirectiveCall call, String argument) {
    if (Path.of(argument).isAbsolute()) {
      return "check the path";
    }
    Path root = call.scope().server().serverRoot();
    return "check the path; relative paths start at ServerRoot ("
        + (root.toString().isEmpty() ? "." : root)
        + ")";
  }
}
