package dev.tailgate.auth.identity;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The identities known on one client connection. It lives as long as the connection, so nothing
 * needs evicting; it is keyed by tailscaled socket and peer {@code ip:port} rather than being a
 * single slot, because behind a PROXY-protocol hop or with vhosts on different sockets one
 * connection must never hand one peer's identity to another (httpd's module did, for a second).
 */
public final class PeerIdentities {
  private final ConcurrentMap<Key, Entry> entries = new ConcurrentHashMap<>();

  record Key(WhoisSource source, String peer) {}

  /** A lookup in flight or done; {@code startedNanos} dates it for the cache timeout. */
  record Entry(CompletableFuture<IdentityLookup> lookup, long startedNanos) {}

  ConcurrentMap<Key, Entry> entries() {
    return entries;
  }
}
