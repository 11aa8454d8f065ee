package dev.tailgate.config.syntax;

import java.util.List;

/** A one-line directive such as {@code ServerName vps.example.ts.net}. */
public record DirectiveNode(String name, List<String> args, String rawArgs, SourceLocation at)
    implements ConfigNode {

  public DirectiveNode {
    args = List.copyOf(args);
  }

  @Override
  public String displayName() {
    return name;
  }
}
