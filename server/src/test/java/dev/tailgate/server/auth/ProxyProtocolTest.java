package dev.tailgate.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Behind {@code tailscale serve --tcp … --proxy-protocol} or a TCP load balancer: the client named
 * in the PROXY header (v1 text or v2 binary) is who whois is asked about, port included.
 */
class ProxyProtocolTest {
  private FakeTailscaled tailscaled;
  private AuthSite harness;
  private int plainPort;

  @BeforeEach
  void start() throws Exception {
    tailscaled = FakeTailscaled.start(FakeTailnet.example());
    harness = new AuthSite(tailscaled);
    plainPort = TailgateHarness.freePort();
    harness.startWith(
        "Listen 127.0.0.1:"
            + harness.port
            + " http\n"
            + "Listen 127.0.0.1:"
            + plainPort
            + " http\n"
            + "RemoteIPProxyProtocol On "
            + harness.port
            + "\n"
            + "AuthTailscaleURL "
            + tailscaled.socketPath()
            + "\n"
            + "AuthTailscaleHeader remote-user X-Remote-User\n"
            + "AuthTailscaleCacheTimeout 1h\n"
            + "ProxyPass / http://127.0.0.1:"
            + harness.backend.port()
            + "/\n"
            + "<Location />\n  AuthType tailscale\n  Require valid-user\n</Location>\n");
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
    tailscaled.close();
  }

  private static String exchange(int port, byte[] proxyHeader) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(proxyHeader);
      socket
          .getOutputStream()
          .write(
              "GET /app HTTP/1.1\r\nHost: app.test\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private static byte[] v1(String client, int clientPort, int serverPort) {
    return ("PROXY TCP4 " + client + " 127.0.0.1 " + clientPort + " " + serverPort + "\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] v2(String client, int clientPort, int serverPort) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(16 + 12);
    header.put(new byte[] {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A});
    header.put((byte) 0x21); // version 2, PROXY
    header.put((byte) 0x11); // TCP over IPv4
    header.putShort((short) 12);
    header.put(InetAddress.getByName(client).getAddress());
    header.put(InetAddress.getByName("127.0.0.1").getAddress());
    header.putShort((short) clientPort);
    header.putShort((short) serverPort);
    return header.array();
  }

  @Test
  void theV1HeadersClientIsWhoWhoisIsAskedAbout() throws Exception {
    String response = exchange(harness.port, v1("127.0.0.2", 5555, harness.port));

    assertThat(response).startsWith("HTTP/1.1 200");
    assertThat(harness.backend.take().fields().get("X-Remote-User")).isEqualTo("icing@github");
    assertThat(tailscaled.requests().whoisCount("127.0.0.2:5555")).isEqualTo(1);
  }

  @Test
  void theV2BinaryHeaderWorksTheSame() throws Exception {
    String response = exchange(harness.port, v2("127.0.0.3", 6666, harness.port));

    assertThat(response).startsWith("HTTP/1.1 200");
    assertThat(harness.backend.take().fields().get("X-Remote-User")).isEqualTo("alice@example.com");
    assertThat(tailscaled.requests().whoisCount("127.0.0.3:6666")).isEqualTo(1);
  }

  @Test
  void aListenerNotNamedTakesNoProxyHeader() throws Exception {
    String response = exchange(plainPort, v1("127.0.0.2", 5555, plainPort));

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(tailscaled.requests().whoisCount("127.0.0.2:5555")).isZero();
  }

  @Test
  void everyConnectionFromOneTailnetNodeIsAnsweredByOneWhois() throws Exception {
    String laptop = tailscaled.tailnet().node("laptop").ipv4().orElseThrow().getHostAddress();
    for (int port = 40000; port < 40005; port++) {
      assertThat(exchange(harness.port, v1(laptop, port, harness.port))).startsWith("HTTP/1.1 200");
      assertThat(harness.backend.take().fields().get("X-Remote-User")).isEqualTo("icing@github");
    }

    assertThat(tailscaled.requests().to("whois")).hasSize(1);
  }

  @Test
  void loopbackConnectionsAreAnsweredPerPortSinceTailscaledMayHaveProxiedThemForDifferentNodes()
      throws Exception {
    for (int port = 40000; port < 40003; port++) {
      assertThat(exchange(harness.port, v1("127.0.0.2", port, harness.port)))
          .startsWith("HTTP/1.1 200");
    }

    assertThat(tailscaled.requests().to("whois")).hasSize(3);
  }
}
