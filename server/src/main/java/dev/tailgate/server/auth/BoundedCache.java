package dev.tailgate.server.auth;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * Compiled policies and settings, per configuration object. A configuration has finitely many, so the
 * bound only matters across many reloads: when it is reached the cache starts over, which costs one
 * recompile per location.
 */
final class BoundedCache<V> {
  private static final int LIMIT = 4096;
  private final ConcurrentMap<IdentityKey, V> values = new ConcurrentHashMap<>();

  V get(IdentityKey key, Function<IdentityKey, V> compile) {
    V value = values.get(key);
    if (value != null) {
      return value;
    }
    if (values.size() >= LIMIT) {
      values.clear();
    }
    return values.computeIfAbsent(key, compile);
  }
}
