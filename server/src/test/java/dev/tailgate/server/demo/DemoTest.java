package dev.tailgate.server.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command does what it prints: the blog's three cases, each as the device a
 * curl --interface would be, over TLS with the certificate from the fake tailnet's CA.
 */
class DemoTest {
  @TempDir static Path dir;
  private static Demo demo;

  @BeforeAll
  static void start() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    demo = Demo.start(dir, port);
  }

  @AfterAll
  static void stop() throws Exception {
    demo.close();
  }

  /** GET {@code path} as the device at {@code source}, trusting only the fake tailnet's CA. */
  private static ContentResponse get(String source, String path) throws Exception {
    SslContextFactory.Client tls = new SslContextFactory.Client();
    tls.setTrustStore(demo.tailscaled().ca().trustStore());
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(tls);
    connector.setBindAddress(new InetSocketAddress(InetAddress.getByName(source), 0));
    HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
    client.setSocketAddressResolver((host, port, context, promise) -> {
      try {
        promise.succeeded(List.of(new InetSocketAddress(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1}), port)));
      } catch (java.net.UnknownHostException e) {
        promise.failed(e);
      }
    });
    client.start();
    // tailgate's 401 has no challenge, as httpd's; let it through as a status, not an error
    client.getProtocolHandlers().remove(org.eclipse.jetty.client.WWWAuthenticationProtocolHandler.NAME);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      for (;;) {
        try {
          return client.GET("https://" + Demo.HOST + ":" + demo.port() + path);
        } catch (java.util.concurrent.ExecutionException standIn) {
          if (!(standIn.getCause() instanceof javax.net.ssl.SSLHandshakeException)) {
            throw standIn;
          }
          // the certificate from the fake tailnet arrives in the background right after start
          assertThat(System.nanoTime()).as("waiting for the demo's certificate").isLessThan(deadline);
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
      }
    } finally {
      client.stop();
    }
  }

  @Test
  void icingIsLetInAndTheBackendSeesWhoItIs() throws Exception {
    ContentResponse response = get("127.0.0.2", "/");

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentAsString()).contains("Tailscale-User-Login: icing@github");
  }

  @Test
  void anotherTailnetUserIsForbidden() throws Exception {
    assertThat(get("127.0.0.3", "/").getStatus()).isEqualTo(403);
  }

  @Test
  void myappSetsRemoteUserForAnyTailnetUser() throws Exception {
    ContentResponse response = get("127.0.0.3", "/myapp/");

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getContentAsString()).contains("REMOTE_USER=alice@example.com");
  }

  @Test
  void aDeviceOffTheTailnetIsUnauthorizedAtMyapp() throws Exception {
    ContentResponse response = get("127.0.0.1", "/myapp/");

    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getHeaders().get("WWW-Authenticate")).isNull();
  }

  @Test
  void theCertificateIsManagedFromTheFakeTailnet() throws Exception {
    ContentResponse response = get("127.0.0.1", "/md-status");

    assertThat(response.getContentAsString()).contains("\"proto\" : \"tailscale\"").contains("\"state\" : \"valid\"");
  }

  @Test
  void theCurlCommandsItPrintsNameTheDeviceTheHostAndTheCa() {
    assertThat(demo.curl("127.0.0.2", "/"))
        .contains("--interface 127.0.0.2")
        .contains("--resolve " + Demo.HOST + ":" + demo.port() + ":127.0.0.1")
        .contains("--cacert " + demo.rootCa());
  }
}
