package dev.tailgate.config.syntax;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The configuration is invalid. Carries every problem found, not just the first, so that one run of
 * {@code tailgate check} shows the admin the whole list.
 */
public final class ConfigException extends Exception {

  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(render(problems, Path::toString));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  /** One problem per line, in the order found. */
  public String render(Function<Path, String> fileName) {
    return render(problems, fileName);
  }

  private static String render(List<ConfigProblem> problems, Function<Path, String> fileName) {
    return problems.stream().map(p -> p.render(fileName)).collect(Collectors.joining("\n"));
  }
}
