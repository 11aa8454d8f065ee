package dev.tailgate.config.syntax;

import java.util.List;

/** A container such as {@code <Location /app> … </Location>}, with its children in file order. */
public record SectionNode(
    String name, List<String> args, String rawArgs, SourceLocation at, List<ConfigNode> children)
    implements ConfigNode {

  public SectionNode {
    args = List.copyOf(args);
    children = List.copyOf(children);
  }

  @Override
  public String displayName() {
    return "<" + name + ">";
  }
}
