package dev.tailgate.server.runtime;

import dev.tailgate.config.model.Listener;
import java.net.InetAddress;
import java.util.Optional;

/** What makes two {@code Listen} lines the same socket across a reload (not their line numbers). */
record ListenerKey(Optional<InetAddress> address, int port, Listener.Protocol protocol) {
  static ListenerKey of(Listener listener) {
    return new ListenerKey(listener.address(), listener.port(), listener.protocol());
  }
}
