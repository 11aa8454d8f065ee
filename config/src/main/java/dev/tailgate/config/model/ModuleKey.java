package dev.tailgate.config.model;

import java.util.function.BinaryOperator;

/**
 * One feature's slot in the configuration, like an httpd module's entry in a config vector: the
 * feature's directive handlers write a typed value under its key, and the key says how a more
 * specific scope's value combines with the one it inherits (httpd's {@code merge_dir_config} and
 * {@code merge_server_config}). The configuration core knows no feature; it only carries values
 * under keys and merges them with the key's own rule.
 *
 * @param <T> the feature's value type, immutable
 */
public final class ModuleKey<T> {
  private final String name;
  private final BinaryOperator<T> merge;

  private ModuleKey(String name, BinaryOperator<T> merge) {
    this.name = name;
    this.merge = merge;
  }

  /**
   * @param name for messages, e.g. {@code authz}
   * @param merge combines an inherited value with a more specific one: {@code merge(outer, inner)}
   */
  public static <T> ModuleKey<T> of(String name, BinaryOperator<T> merge) {
    return new ModuleKey<>(name, merge);
  }

  /** A key whose more specific value replaces the inherited one whole. */
  public static <T> ModuleKey<T> replacing(String name) {
    return new ModuleKey<>(name, (outer, inner) -> inner);
  }

  T merge(T outer, T inner) {
    return merge.apply(outer, inner);
  }

  @Override
  public String toString() {
    return name;
  }
}
