package dev.tailgate.localapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailgate.localapi.transport.LocalApiEndpoint;
import dev.tailgate.localapi.transport.LoopbackTcpEndpoint;
import dev.tailgate.localapi.transport.Platform;
import dev.tailgate.localapi.transport.UnixSocketEndpoint;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointDiscoveryTest {

  /** A machine described by data, so each platform's rules run here. */
  static final class FakePlatform implements Platform {
    String os = "linux";
    final Map<String, String> env = new HashMap<>();
    final Set<Path> files = new HashSet<>();
    final Map<Path, String> links = new HashMap<>();
    final Map<Path, String> contents = new HashMap<>();
    String lsof;

    @Override
    public String osName() {
      return os;
    }

    @Override
    public Optional<String> env(String name) {
      return Optional.ofNullable(env.get(name));
    }

    @Override
    public boolean exists(Path path) {
      return files.contains(path);
    }

    @Override
    public Optional<String> readSymbolicLink(Path path) {
      return Optional.ofNullable(links.get(path));
    }

    @Override
    public Optional<String> readFile(Path path) {
      return Optional.ofNullable(contents.get(path));
    }

    @Override
    public Optional<String> sameUserProofFromLsof() {
      return Optional.ofNullable(lsof);
    }
  }

  private final FakePlatform platform = new FakePlatform();

  private LocalApiEndpoint find() throws Exception {
    return new EndpointDiscovery(platform).find();
  }

  @Test
  void tsSocketWinsOverEverything() throws Exception {
    platform.env.put("TS_SOCKET", "/tmp/custom.sock");
    platform.files.add(Path.of("/var/run/tailscale/tailscaled.sock"));

    assertThat(find())
        .isEqualTo(new UnixSocketEndpoint(Path.of("/tmp/custom.sock"), "from $TS_SOCKET"));
  }

  @Test
  void linuxTakesTheFirstSocketThatExists() throws Exception {
    platform.files.add(Path.of("/run/tailscale/tailscaled.sock"));
    platform.files.add(Path.of("/tmp/tailscaled.sock"));

    assertThat(((UnixSocketEndpoint) find()).path())
        .isEqualTo(Path.of("/run/tailscale/tailscaled.sock"));
  }

  @Test
  void synologyAndContainerPathsAreFound() throws Exception {
    platform.files.add(Path.of("/var/packages/Tailscale/var/tailscaled.sock"));
    assertThat(((UnixSocketEndpoint) find()).path())
        .isEqualTo(Path.of("/var/packages/Tailscale/var/tailscaled.sock"));

    platform.files.clear();
    platform.files.add(Path.of("/tmp/tailscaled.sock"));
    assertThat(((UnixSocketEndpoint) find()).path()).isEqualTo(Path.of("/tmp/tailscaled.sock"));
  }

  @Test
  void nothingFoundFallsBackToTheDefaultAndSaysWhatWasTried() throws Exception {
    UnixSocketEndpoint endpoint = (UnixSocketEndpoint) find();

    assertThat(endpoint.path()).isEqualTo(Path.of("/var/run/tailscale/tailscaled.sock"));
    assertThat(endpoint.describe())
        .contains("/run/tailscale/tailscaled.sock", "/tmp/tailscaled.sock", "exists");
  }

  @Test
  void macAppStoreBuildIsFoundThroughLsof() throws Exception {
    platform.os = "mac os x";
    platform.lsof =
        "p123\nn/Users/a/Library/Group Containers/io.tailscale.ipn.macos/sameuserproof-51234-0123456789abcdef0123\n";

    LoopbackTcpEndpoint endpoint = (LoopbackTcpEndpoint) find();

    assertThat(endpoint.port()).isEqualTo(51234);
    assertThat(endpoint.token()).isEqualTo("0123456789abcdef0123");
    assertThat(endpoint.toString()).doesNotContain("0123456789abcdef0123");
  }

  @Test
  void macStandaloneBuildIsFoundThroughIpnportLink() throws Exception {
    platform.os = "mac os x";
    platform.links.put(Path.of("/Library/Tailscale/ipnport"), "49152");
    platform.contents.put(
        Path.of("/Library/Tailscale/sameuserproof-49152"), "abcdef0123456789abcd\n");

    LoopbackTcpEndpoint endpoint = (LoopbackTcpEndpoint) find();

    assertThat(endpoint.port()).isEqualTo(49152);
    assertThat(endpoint.token()).isEqualTo("abcdef0123456789abcd");
  }

  @Test
  void macOpenSourceDaemonUsesItsOwnSocketName() throws Exception {
    platform.os = "mac os x";
    platform.files.add(Path.of("/var/run/tailscaled.socket"));

    assertThat(((UnixSocketEndpoint) find()).path())
        .isEqualTo(Path.of("/var/run/tailscaled.socket"));
  }

  @Test
  void windowsSaysNamedPipesAreNotSupportedYet() {
    platform.os = "windows 11";

    assertThatThrownBy(this::find)
        .isInstanceOf(UnsupportedPlatformException.class)
        .hasMessageContaining("named pipe")
        .hasMessageContaining("not supported yet");
  }
}
