package dev.tailgate.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestClients;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command does what it prints: the blog's three cases, each as the device a curl
 * --interface would be, over TLS with the certificate from the fake tailnet's CA.
 */
class DemoTest {
  @TempDir static Path dir;
  private static Demo demo;

  @BeforeAll
  static void start() throws Exception {
    int port = TailgateHarness.freePort();
    demo = Demo.start(dir, port);
  }

  @AfterAll
  static void stop() throws Exception {
    demo.close();
  }

  /** GET {@code path} as the device at {@code source}, trusting only the fake tailnet's CA. */
  private static ContentResponse get(String source, String path) throws Exception {
    HttpClient client =
        TestClients.start(demo.tailscaled().ca().trustStore(), source, TestClients.Protocols.HTTP1);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      for (; ; ) {
        try {
          return client.GET("https://" + Demo.HOST + ":" + demo.port() + path);
        } catch (java.util.concurrent.ExecutionException standIn) {
          if (!(standIn.getCause() instanceof javax.net.ssl.SSLHandshakeException)) {
            throw standIn;
          }
          // the certificate from the fake tailnet arrives in the background right after start
          assertThat(System.nanoTime())
              .as("waiting for the demo's certificate")
              .isLessThan(deadline);
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

    assertThat(response.getContentAsString())
        .contains("\"proto\" : \"tailscale\"")
        .contains("\"state\" : \"valid\"");
  }

  @Test
  void theCurlCommandsItPrintsNameTheDeviceTheHostAndTheCa() {
    assertThat(demo.curl("127.0.0.2", "/"))
        .contains("--interface 127.0.0.2")
        .contains("--resolve " + Demo.HOST + ":" + demo.port() + ":127.0.0.1")
        .contains("--cacert " + demo.rootCa());
  }
}
