package dev.tailgate.localapi;

import dev.tailgate.localapi.transport.LocalApiEndpoint;
import dev.tailgate.localapi.transport.LoopbackTcpEndpoint;
import dev.tailgate.localapi.transport.Platform;
import dev.tailgate.localapi.transport.UnixSocketEndpoint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds tailscaled the way tailscale's own client and tscert do, so tailgate works wherever {@code
 * tailscale status} works: {@code $TS_SOCKET} (containerboot, tscert), then the platform's socket
 * paths; on macOS the GUI builds' loopback port and token first.
 */
public final class EndpointDiscovery {

  /** Checked in order on Linux and the BSDs; the first that exists wins. */
  static final List<Path> UNIX_SOCKETS =
      List.of(
          Path.of("/var/run/tailscale/tailscaled.sock"),
          Path.of("/run/tailscale/tailscaled.sock"),
          Path.of("/var/packages/Tailscale/var/tailscaled.sock"),
          Path.of("/var/packages/Tailscale/etc/tailscaled.sock"),
          Path.of("/tmp/tailscale/tailscaled.sock"),
          Path.of("/perm/tailscaled/tailscaled.sock"),
          Path.of("/tmp/tailscaled.sock"));

  static final Path MACOS_OSS_SOCKET = Path.of("/var/run/tailscaled.socket");
  static final Path MACSYS_PORT_LINK = Path.of("/Library/Tailscale/ipnport");
  private static final Pattern APP_STORE_PROOF =
      Pattern.compile("\\.tailscale\\.ipn\\.macos/sameuserproof-(\\d+)-([0-9a-f]+)");

  private final Platform platform;

  public EndpointDiscovery(Platform platform) {
    this.platform = platform;
  }

  public static LocalApiEndpoint discover() throws UnsupportedPlatformException {
    return new EndpointDiscovery(Platform.system()).find();
  }

  /**
   * The endpoint to use. When nothing is found this still answers the platform default, so the
   * first call fails with a message naming every path that was looked at.
   */
  public LocalApiEndpoint find() throws UnsupportedPlatformException {
    Optional<String> fromEnv = platform.env("TS_SOCKET");
    if (fromEnv.isPresent()) {
      return new UnixSocketEndpoint(Path.of(fromEnv.get()), "from $TS_SOCKET");
    }
    String os = platform.osName();
    if (os.startsWith("windows")) {
      throw new UnsupportedPlatformException(
          "tailscaled's Windows named pipe (\\\\.\\pipe\\ProtectedPrefix\\Administrators\\Tailscale\\tailscaled)"
              + " is not supported yet; run tailgate on Linux, macOS or a BSD, or point it at a"
              + " unix socket with --socket");
    }
    if (os.contains("mac") || os.contains("darwin")) {
      Optional<LocalApiEndpoint> gui = macGui();
      if (gui.isPresent()) {
        return gui.get();
      }
      return socketOrDefault(List.of(MACOS_OSS_SOCKET));
    }
    return socketOrDefault(UNIX_SOCKETS);
  }

  private LocalApiEndpoint socketOrDefault(List<Path> candidates) {
    for (Path candidate : candidates) {
      if (platform.exists(candidate)) {
        return new UnixSocketEndpoint(candidate, "platform default");
      }
    }
    List<String> tried = new ArrayList<>();
    candidates.forEach(p -> tried.add(p.toString()));
    return new UnixSocketEndpoint(
        candidates.get(0), "platform default; none of " + String.join(", ", tried) + " exists");
  }

  /** App Store build first (lsof), then the standalone build's files, as tailscale's CLI does. */
  private Optional<LocalApiEndpoint> macGui() {
    Optional<String> lsof = platform.sameUserProofFromLsof();
    if (lsof.isPresent()) {
      Matcher m = APP_STORE_PROOF.matcher(lsof.get());
      if (m.find()) {
        return Optional.of(
            new LoopbackTcpEndpoint(
                Integer.parseInt(m.group(1)), m.group(2), "macOS App Store build, via lsof"));
      }
    }
    Optional<String> port = platform.readSymbolicLink(MACSYS_PORT_LINK).map(String::trim);
    if (port.isPresent() && port.get().matches("\\d{1,5}")) {
      Path proof = MACSYS_PORT_LINK.resolveSibling("sameuserproof-" + port.get());
      Optional<String> token = platform.readFile(proof).map(String::trim);
      if (token.isPresent() && !token.get().isEmpty()) {
        return Optional.of(
            new LoopbackTcpEndpoint(
                Integer.parseInt(port.get()), token.get(), "macOS standalone build, " + proof));
      }
    }
    return Optional.empty();
  }
}
