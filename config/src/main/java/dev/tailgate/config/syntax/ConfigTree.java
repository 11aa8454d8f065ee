package dev.tailgate.config.syntax;

import java.nio.file.Path;
import java.util.List;

/** The result of stage 1: the main file's top-level nodes, with Includes already inlined. */
public record ConfigTree(Path mainFile, List<ConfigNode> nodes) {

  public ConfigTree {
    nodes = List.copyOf(nodes);
  }
}
