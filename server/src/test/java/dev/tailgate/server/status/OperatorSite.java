package dev.tailgate.server.status;

import dev.tailgate.certs.managed.DomainState;
import dev.tailgate.server.testing.Await;
import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestBackend;
import dev.tailgate.server.testing.TestClients;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;

/**
 * A site as an operator runs it: a managed certificate for {@value #HOST} from the fake tailscaled,
 * a location only icing may reach, and the operator pages (server-status, md-status, metrics) open
 * to whoever the test is. Clients connect from loopback aliases: icing is 127.0.0.2, a stranger
 * 127.0.0.9.
 */
final class OperatorSite implements AutoCloseable {
  static final String HOST = "vps.headless-chicken.ts.net";

  final FakeTailscaled tailscaled = FakeTailscaled.start(FakeTailnet.example());
  final TailgateHarness tailgate = TailgateHarness.authenticating();
  final TestBackend backend;
  private final Map<String, HttpClient> clients = new HashMap<>();

  OperatorSite() throws Exception {
    backend = TestBackend.start();
    tailgate.start(
        "Listen 127.0.0.1:@PORT@ https\n"
            + "MDStoreDir @DIR@/md\n"
            + "MDRetryDelay 100ms\n"
            + "AuthTailscaleURL "
            + tailscaled.socketPath()
            + "\n"
            + "<MDomain "
            + HOST
            + ">\n  MDCertificateProtocol tailscale\n  MDCertificateAuthority "
            + tailscaled.socketPath()
            + "\n</MDomain>\n"
            + "<VirtualHost *:@PORT@>\n"
            + "  ServerName "
            + HOST
            + "\n  SSLEngine on\n"
            + "  ProxyPass /app/ "
            + backend.url()
            + "\n"
            + "  <Location /app>\n    Require tailscale-user icing@github\n  </Location>\n"
            + "  <Location /server-status>\n    SetHandler server-status\n  </Location>\n"
            + "  <Location /md-status>\n    SetHandler md-status\n  </Location>\n"
            + "  <Location /metrics>\n    SetHandler metrics\n  </Location>\n"
            + "</VirtualHost>\n");
    Await.until(
        "the managed certificate is valid",
        Duration.ofSeconds(20),
        () ->
            tailgate
                .server()
                .features()
                .managedCertificates()
                .flatMap(m -> m.status(HOST))
                .map(s -> s.state() == DomainState.VALID)
                .orElse(false));
  }

  String url(String path) {
    return tailgate.url(HOST, path);
  }

  /**
   * A client from {@code source} that trusts the fake tailscaled's CA (the served certificate's).
   */
  HttpClient clientFrom(String source) throws Exception {
    HttpClient client = clients.get(source);
    if (client == null) {
      client = TestClients.start(tailscaled.ca().trustStore(), source, TestClients.Protocols.HTTP1);
      clients.put(source, client);
    }
    return client;
  }

  /** A request from {@code source}; returns the status. */
  int get(String source, String path) throws Exception {
    return clientFrom(source).GET(url(path)).getStatus();
  }

  String body(String path) {
    try {
      return clientFrom("127.0.0.1").GET(url(path)).getContentAsString();
    } catch (Exception e) {
      throw new AssertionError("GET " + path, e);
    }
  }

  @Override
  public void close() throws Exception {
    for (HttpClient client : clients.values()) {
      client.stop();
    }
    tailgate.close();
    backend.close();
    tailscaled.close();
  }
}
