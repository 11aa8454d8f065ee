package dev.tailgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.testkit.ca.TestCertificateAuthority;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProcessModeTest {
  @Test
  void startsFromATailnetFileAndAnnouncesItself() throws Exception {
    Path dir = Files.createTempDirectory("ts");
    Path socket = dir.resolve("d/tailscaled.sock");
    Path tailnetFile = dir.resolve("tailnet.json");
    Path root = dir.resolve("root.pem");
    try (var in = FakeTailnet.class.getResourceAsStream("example-tailnet.json")) {
      Files.copy(in, tailnetFile);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    try (FakeTailscaled fake =
            FakeTailscaledMain.start(
                new FakeTailscaledMain.Options(
                    socket,
                    tailnetFile,
                    true,
                    root,
                    TestCertificateAuthority.DEFAULT_LIFETIME,
                    java.time.Duration.ZERO,
                    4096),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        LocalApi api = new LocalApi()) {
      String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
      assertThat(lines[0]).isEqualTo("fake-tailscaled listening on " + socket.toAbsolutePath());
      assertThat(lines[1]).matches("fake-tailscaled tcp 127\\.0\\.0\\.1:\\d+ token [0-9a-f]{20}");
      assertThat(Files.readString(root)).isEqualTo(fake.ca().rootPem());
      assertThat(api.get(socket, "/localapi/v0/whois?addr=127.0.0.4:1").getContentAsString())
          .contains("\"ci-runner.headless-chicken.ts.net.\"");
    } finally {
      deleteTree(dir);
    }
    assertThat(socket).doesNotExist();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
