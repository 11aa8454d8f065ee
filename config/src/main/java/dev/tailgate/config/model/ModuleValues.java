package dev.tailgate.config.model;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The features' values of one scope (a location section, a host, the whole configuration), each
 * under its {@link ModuleKey}. Immutable; built by the configuration compiler, merged once per
 * location or host, read as finished values at run time.
 */
public final class ModuleValues {
  public static final ModuleValues EMPTY = new ModuleValues(Map.of());

  private final Map<ModuleKey<?>, Object> values;

  private ModuleValues(Map<ModuleKey<?>, Object> values) {
    this.values = values;
  }

  /** Values as collected by a builder; the map is copied. */
  public static ModuleValues copyOf(Map<ModuleKey<?>, Object> values) {
    return values.isEmpty() ? EMPTY : new ModuleValues(new IdentityHashMap<>(values));
  }

  public static <T> ModuleValues of(ModuleKey<T> key, T value) {
    Map<ModuleKey<?>, Object> one = new IdentityHashMap<>();
    one.put(key, value);
    return new ModuleValues(one);
  }

  @SuppressWarnings("unchecked")
  public <T> Optional<T> get(ModuleKey<T> key) {
    return Optional.ofNullable((T) values.get(key));
  }

  /** Every value, for what reads them without knowing their features ({@link Described}). */
  public Collection<Object> values() {
    return Collections.unmodifiableCollection(values.values());
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  /**
   * These values with a more specific scope's on top: for a key both have, the key's merge; for a
   * key only one has, that one's value.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public ModuleValues mergedWith(ModuleValues inner) {
    if (inner.values.isEmpty()) {
      return this;
    }
    if (values.isEmpty()) {
      return inner;
    }
    Map<ModuleKey<?>, Object> merged = new IdentityHashMap<>(values);
    for (Map.Entry<ModuleKey<?>, Object> entry : inner.values.entrySet()) {
      ModuleKey key = entry.getKey();
      Object outer = merged.get(key);
      merged.put(key, outer == null ? entry.getValue() : key.merge(outer, entry.getValue()));
    }
    return new ModuleValues(merged);
  }

  /**
   * Both sets of values; where both have a key, {@code other}'s (for results of distinct features).
   */
  public ModuleValues plus(ModuleValues other) {
    if (other.values.isEmpty()) {
      return this;
    }
    Map<ModuleKey<?>, Object> all = new IdentityHashMap<>(values);
    all.putAll(other.values);
    return new ModuleValues(all);
  }

  @Override
  public String toString() {
    return values.keySet().toString();
  }
}
