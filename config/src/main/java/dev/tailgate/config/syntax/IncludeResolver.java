package dev.tailgate.config.syntax;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns an {@code Include} argument into the files to read, in httpd's order: relative to the
 * including file's directory, wildcards ({@code * ? [..]}) allowed in any path component, matches
 * sorted by name, and a directory standing for all files below it.
 */
final class IncludeResolver {

  private IncludeResolver() {}

  static boolean isPattern(String component) {
    return component.indexOf('*') >= 0
        || component.indexOf('?') >= 0
        || component.indexOf('[') >= 0;
  }

  /**
   * @return the files in include order; empty when a pattern matches nothing or the path is missing
   */
  static List<Path> resolve(Path includingFile, String argument) throws IOException {
    Path base = parentOf(includingFile);
    Path requested = base.resolve(argument);
    List<Path> candidates = expand(requested);
    List<Path> files = new ArrayList<>();
    for (Path candidate : candidates) {
      files.addAll(filesUnder(candidate));
    }
    return files;
  }

  private static Path parentOf(Path file) {
    Path parent = file.getParent();
    return parent == null ? Path.of("") : parent;
  }

  private static List<Path> expand(Path requested) throws IOException {
    Path root = requested.getRoot();
    List<Path> current = new ArrayList<>(List.of(root == null ? Path.of("") : root));
    for (Path component : requested) {
      String name = component.toString();
      List<Path> next = new ArrayList<>();
      for (Path dir : current) {
        if (isPattern(name)) {
          next.addAll(matching(dir, name));
        } else {
          next.add(dir.resolve(name));
        }
      }
      current = next;
    }
    return current.stream().filter(Files::exists).toList();
  }

  private static List<Path> matching(Path dir, String glob) throws IOException {
    Path listed = dir.toString().isEmpty() ? Path.of(".") : dir;
    if (!Files.isDirectory(listed)) {
      return List.of();
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    try (Stream<Path> entries = Files.list(listed)) {
      return entries
          .map(Path::getFileName)
          .filter(matcher::matches)
          .map(name -> dir.resolve(name.toString()))
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    }
  }

  private static List<Path> filesUnder(Path candidate) throws IOException {
    if (!Files.isDirectory(candidate)) {
      return List.of(candidate);
    }
    try (Stream<Path> walk = Files.walk(candidate)) {
      return walk.filter(Files::isRegularFile)
          .sorted(Comparator.comparing(Path::toString))
          .toList();
    }
  }
}
