package dev.tailgate.localapi.transport;

/**
 * The macOS GUI daemon's LocalAPI on {@code 127.0.0.1:port}; every request carries the token as the
 * Basic-auth password with an empty user name. The token is a credential, so it never appears in
 * {@link #toString()} or {@link #describe()}.
 */
public record LoopbackTcpEndpoint(int port, String token, String origin)
    implements LocalApiEndpoint {

  public LoopbackTcpEndpoint {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (token == null || token.isEmpty()) {
      throw new IllegalArgumentException("a LocalAPI token is required for TCP endpoints");
    }
  }

  @Override
  public String describe() {
    return "127.0.0.1:" + port + " with token (" + origin + ")";
  }

  @Override
  public String toString() {
    return "LoopbackTcpEndpoint[port=" + port + ", token=<redacted>, origin=" + origin + "]";
  }
}
