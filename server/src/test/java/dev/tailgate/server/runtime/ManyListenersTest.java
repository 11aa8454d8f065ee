package dev.tailgate.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.config.ConfigLoader;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.server.testing.RawHttp;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code check} accepts, {@code run} runs: a configuration with many listeners once passed
 * {@code check} and failed at start ("Insufficient configured threads") on a small machine, after
 * its ports had briefly opened. Every listener here must serve.
 */
class ManyListenersTest {
  @TempDir Path dir;

  @Test
  void fiftyListenersAllServe() throws Exception {
    List<Integer> ports = new ArrayList<>();
    StringBuilder config = new StringBuilder();
    // all 50 held open while they are chosen, so the system cannot hand out one port twice
    List<ServerSocket> held = new ArrayList<>();
    try {
      for (int i = 0; i < 50; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        held.add(socket);
        ports.add(socket.getLocalPort());
        config.append("Listen 127.0.0.1:").append(socket.getLocalPort()).append('\n');
      }
    } finally {
      for (ServerSocket socket : held) {
        socket.close();
      }
    }
    Path file = dir.resolve("many.conf");
    Files.writeString(file, config);

    TailgateConfig loaded = new ConfigLoader(Map.of(), StandardModules.registry()).load(file);
    try (TailgateServer server = TailgateServer.builder(loaded).start()) {
      for (int port : ports) {
        RawHttp.Reply reply =
            RawHttp.plain("127.0.0.1", port)
                .send("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(reply.status()).as("port " + port).isEqualTo(404);
      }
    }
  }
}
