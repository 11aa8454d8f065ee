package dev.tailgate.testkit.go;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON object whose keys keep insertion order, like a Go struct's fields. Plain {@link Map}s are
 * written with sorted keys (Go maps); use this type where the wire order follows a struct
 * declaration. The {@code omit*} methods mirror the Go struct tags, so a body builder reads like
 * the struct it imitates.
 */
public final class GoStruct {
  private final Map<String, Object> fields = new LinkedHashMap<>();

  /** A field without omit tag: always written, {@code null} as JSON null. */
  public GoStruct field(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  /** A field tagged {@code omitempty}: skipped for false, 0, "", null and empty lists/maps. */
  public GoStruct omitEmpty(String name, Object value) {
    if (!isZero(value) && !isEmptyCollection(value)) {
      fields.put(name, value);
    }
    return this;
  }

  /** A field tagged {@code omitzero}: skipped for false, 0, "", null and the zero time. */
  public GoStruct omitZero(String name, Object value) {
    if (!isZero(value)) {
      fields.put(name, value);
    }
    return this;
  }

  Map<String, Object> fields() {
    return Collections.unmodifiableMap(fields);
  }

  private static boolean isZero(Object value) {
    if (value == null) {
      return true;
    }
    if (value instanceof Boolean b) {
      return !b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() == 0;
    }
    if (value instanceof String s) {
      return s.isEmpty();
    }
    if (value instanceof Instant i) {
      return i.equals(GoTime.ZERO);
    }
    return false;
  }

  private static boolean isEmptyCollection(Object value) {
    return (value instanceof Collection<?> c && c.isEmpty())
        || (value instanceof Map<?, ?> m && m.isEmpty());
  }
}
