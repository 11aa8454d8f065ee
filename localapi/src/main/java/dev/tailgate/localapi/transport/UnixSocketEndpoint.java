package dev.tailgate.localapi.transport;

import java.nio.file.Path;

/**
 * tailscaled's unix socket. {@code origin} says how the path was chosen (configured, {@code
 * $TS_SOCKET}, or the platform default and what else was looked for), because "socket not found" is
 * only actionable when a person knows why that path was tried.
 */
public record UnixSocketEndpoint(Path path, String origin) implements LocalApiEndpoint {

  public static UnixSocketEndpoint configured(Path path) {
    return new UnixSocketEndpoint(path, "configured");
  }

  @Override
  public String describe() {
    return "unix socket " + path + " (" + origin + ")";
  }
}
