package dev.tailgate.cli;

import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How a command finds tailscaled: {@code --socket}, else {@code $TS_SOCKET}, else the platform
 * default.
 */
final class LocalApiOptions {

  @Option(
      names = "--socket",
      paramLabel = "PATH",
      description =
          "tailscaled's LocalAPI socket (default: $TS_SOCKET, then the platform's usual paths)")
  Path socket;

  LocalApiClient client() throws LocalApiException {
    LocalApiClient.Builder builder = LocalApiClient.builder();
    if (socket != null) {
      builder.socket(socket);
    }
    return builder.build();
  }
}
