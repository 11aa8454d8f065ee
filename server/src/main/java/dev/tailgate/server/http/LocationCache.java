package dev.tailgate.server.http;

import dev.tailgate.config.model.EffectiveLocation;
import dev.tailgate.config.model.HostConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The merged location of each recently requested path, so a request does not merge the host's
 * {@code <Location>} sections again (the merge was a measurable share of a proxied request, see
 * bench/README.md). Paths come from clients, so the cache is bounded: when full it starts over,
 * which costs a few merges and can never grow memory.
 */
public final class LocationCache {
  static final int MAX_ENTRIES = 4096;

  private final HostConfig host;
  private final Map<String, EffectiveLocation> merged = new ConcurrentHashMap<>();

  public LocationCache(HostConfig host) {
    this.host = host;
  }

  int size() {
    return merged.size();
  }

  public EffectiveLocation locationFor(String path) {
    EffectiveLocation cached = merged.get(path);
    if (cached != null) {
      return cached;
    }
    EffectiveLocation fresh = host.locationFor(path);
    if (merged.size() >= MAX_ENTRIES) {
      merged.clear();
    }
    merged.put(path, fresh);
    return fresh;
  }
}
