package dev.tailgate.config;

import dev.tailgate.config.model.ModuleKey;
import dev.tailgate.config.model.ModuleValues;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Collects one scope's feature values while its directives are compiled: each handler updates its
 * feature's value under the feature's key, starting from the feature's empty value.
 */
public final class ModuleValuesBuilder {
  private final Map<ModuleKey<?>, Object> values = new IdentityHashMap<>();

  /**
   * @param empty the feature's value before any of its directives in this scope
   * @param change what this directive does to it
   */
  @SuppressWarnings("unchecked")
  public <T> void update(ModuleKey<T> key, Supplier<T> empty, UnaryOperator<T> change) {
    T current = (T) values.get(key);
    values.put(key, change.apply(current == null ? empty.get() : current));
  }

  public ModuleValues build() {
    return ModuleValues.copyOf(values);
  }
}
