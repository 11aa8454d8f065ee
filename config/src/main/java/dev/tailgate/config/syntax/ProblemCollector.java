package dev.tailgate.config.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Gathers problems while parsing and compiling go on, so one run reports all of them; the stage
 * that owns the collector decides when to give up.
 */
public final class ProblemCollector {

  private final List<ConfigProblem> problems = new ArrayList<>();

  public void add(SourceLocation at, String directive, String message, String hint) {
    problems.add(ConfigProblem.at(at, directive, message, hint));
  }

  public void add(SourceLocation at, String directive, String message) {
    add(at, directive, message, null);
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  public List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  public void throwIfAny() throws ConfigException {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
