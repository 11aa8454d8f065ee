package dev.tailgate.server.auth;

import dev.tailgate.server.runtime.TailgateServer;
import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestBackend;
import dev.tailgate.testkit.FakeTailscaled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jetty.client.HttpClient;

/**
 * The site the auth tests configure: {@value #HOST} over TLS on the {@link TailgateHarness},
 * proxying everything to a {@link TestBackend}, asking a fake tailscaled who connects, and logging
 * {@code %u %s} per request. Tests add the rules under test.
 */
final class AuthSite implements AutoCloseable {
  static final String HOST = "cgi.tailgate.test";

  final TailgateHarness tailgate = TailgateHarness.authenticating();
  final FakeTailscaled tailscaled;
  final TestBackend backend;
  final Path dir = tailgate.dir;
  final int port = tailgate.port;

  AuthSite(FakeTailscaled tailscaled) throws Exception {
    this.tailscaled = tailscaled;
    this.backend = TestBackend.start();
    tailgate.certificate(HOST);
  }

  /**
   * Serves {@value #HOST}, proxying everything to the backend.
   *
   * @param serverLines extra server-config lines
   * @param vhostLines extra lines inside the vhost (locations with their rules)
   */
  TailgateServer start(String serverLines, String vhostLines) throws Exception {
    return startWith(
        "Listen 127.0.0.1:@PORT@ https\n"
            + "AuthTailscaleURL "
            + tailscaled.socketPath()
            + "\n"
            + "AuthTailscaleHeader remote-user X-Remote-User\n"
            + "LogFormat \"%u %s\" user\n"
            + serverLines
            + tailgate.tlsVirtualHost(
                HOST,
                "  CustomLog @DIR@/access.log user\n"
                    + "  ProxyPass / "
                    + backend.url()
                    + "\n"
                    + vhostLines));
  }

  /** The example's simplest shape: {@code <Location />} holding {@code rules}. */
  TailgateServer startWithRoot(String rules) throws Exception {
    return start("", "  <Location />\n" + rules.indent(4) + "  </Location>\n");
  }

  TailgateServer startWith(String config) throws Exception {
    return tailgate.start(config);
  }

  String url(String path) {
    return tailgate.url(HOST, path);
  }

  HttpClient clientFrom(String source) throws Exception {
    return tailgate.clientFrom(source);
  }

  HttpClient http2ClientFrom(String source) throws Exception {
    return tailgate.http2ClientFrom(source);
  }

  /** Stops the server, so the access log is complete, and returns its lines. */
  List<String> stopAndReadAccessLog() throws Exception {
    tailgate.stop();
    return Files.readAllLines(dir.resolve("access.log"));
  }

  @Override
  public void close() throws Exception {
    tailgate.close();
    backend.close();
  }
}
