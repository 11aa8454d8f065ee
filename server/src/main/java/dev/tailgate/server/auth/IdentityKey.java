package dev.tailgate.server.auth;

import java.util.List;

/**
 * A cache key that compares configuration objects by identity: the raw directive lists of one loaded
 * configuration are shared by every request, so identity is both correct and cheap (records would
 * hash whole syntax trees per request).
 */
final class IdentityKey {
  private final List<?> parts;
  private final int hash;

  IdentityKey(List<?> parts) {
    this.parts = List.copyOf(parts);
    int h = 1;
    for (Object part : this.parts) {
      h = 31 * h + System.identityHashCode(part);
    }
    this.hash = h;
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof IdentityKey key) || key.parts.size() != parts.size()) {
      return false;
    }
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i) != key.parts.get(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    return hash;
  }
}
