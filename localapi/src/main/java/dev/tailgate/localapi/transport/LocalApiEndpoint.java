package dev.tailgate.localapi.transport;

/**
 * Where tailscaled's LocalAPI listens. tailscaled offers a unix socket on Linux and the BSDs, and
 * loopback TCP guarded by a token in the macOS GUI builds; both speak the same HTTP.
 */
public sealed interface LocalApiEndpoint permits UnixSocketEndpoint, LoopbackTcpEndpoint {

  /** A short description for messages and logs, including how the endpoint was chosen. */
  String describe();
}
