package dev.tailgate.server.load;

import dev.tailgate.certs.managed.DomainState;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.server.md.ManagedCertificates;
import dev.tailgate.server.testing.Await;
import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.server.testing.TestBackend;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.ca.TestCertificateAuthority;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The system under load, all real and in this JVM: the fake tailscaled (example tailnet) on a unix
 * socket, tailgate with a managed certificate from it and tailscale auth, and a fast backend.
 *
 * <p>{@code /private} needs icing@github ({@code AuthType tailscale}, {@code Require
 * tailscale-user}); every other path is open. Connections from 127.0.0.2 are icing's laptop, from
 * 127.0.0.9 a stranger.
 */
final class LoadTarget implements AutoCloseable {
  static final String HOST = "vps.headless-chicken.ts.net";
  static final String ICING = "127.0.0.2";
  static final String STRANGER = "127.0.0.9";
  static final String ICING_LOGIN = "icing@github";

  final TailgateHarness tailgate =
      TailgateHarness.with(b -> b.whoisTimeout(Duration.ofSeconds(2)).drain(Duration.ofSeconds(5)));
  final Path dir = tailgate.dir;
  final int port = tailgate.port;
  final FakeTailscaled tailscaled;
  final TestBackend backend;
  private final SSLContext tls;
  private final String cacheTimeout;
  private final String mdDirectives;
  private int generation;

  /**
   * @param cacheTimeout {@code AuthTailscaleCacheTimeout}, e.g. {@code 2s}
   */
  private LoadTarget(String cacheTimeout, Duration certLifetime, String mdDirectives)
      throws Exception {
    this.cacheTimeout = cacheTimeout;
    this.mdDirectives = mdDirectives;
    this.tailscaled =
        FakeTailscaled.builder()
            .tailnet(FakeTailnet.example())
            .socketPath(dir.resolve("ts.sock"))
            .certLifetime(certLifetime)
            .start();
    this.backend = TestBackend.notRecording();
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(tailscaled.ca().trustStore());
    this.tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
  }

  /** Starts everything and returns once the managed certificate is live. */
  static LoadTarget start(String cacheTimeout) throws Exception {
    return start(
        cacheTimeout,
        TestCertificateAuthority.DEFAULT_LIFETIME,
        "MDRetryDelay 100ms\nMDRenewWindow 100%\n");
  }

  /**
   * With certificates of {@code certLifetime} (renewed by the fake in the background after 2/3 of
   * it, as tailscaled does) and these MD directives instead of the load suite's.
   */
  static LoadTarget start(String cacheTimeout, Duration certLifetime, String mdDirectives)
      throws Exception {
    LoadTarget target = new LoadTarget(cacheTimeout, certLifetime, mdDirectives);
    try {
      target.tailgate.start(target.config());
      Await.until(
          "the managed certificate is valid",
          Duration.ofSeconds(30),
          () ->
              target.managed().status(HOST).map(s -> s.state() == DomainState.VALID).orElse(false));
      return target;
    } catch (Exception | Error e) {
      target.close();
      throw e;
    }
  }

  /**
   * The configuration; each generation sets a different {@code X-Generation} response header, so a
   * test sees which configuration answered.
   */
  private String config() {
    return "Listen 127.0.0.1:"
        + port
        + " https\n"
        + "MDStoreDir "
        + dir.resolve("md")
        + "\n"
        + mdDirectives
        + "AuthTailscaleURL "
        + tailscaled.socketPath()
        + "\n"
        + "AuthTailscaleCacheTimeout "
        + cacheTimeout
        + "\n"
        + "KeepAliveTimeout 300\n"
        + "Timeout 300\n"
        + "<MDomain "
        + HOST
        + ">\n"
        + "  MDCertificateProtocol tailscale\n"
        + "  MDCertificateAuthority file://"
        + tailscaled.socketPath()
        + "\n"
        + "</MDomain>\n"
        + "<VirtualHost *:"
        + port
        + ">\n"
        + "  ServerName "
        + HOST
        + "\n"
        + "  SSLEngine on\n"
        + "  CustomLog "
        + dir.resolve("access.log")
        + " combined\n"
        + "  Header set X-Generation "
        + generation
        + "\n"
        + "  ProxyPass / http://127.0.0.1:"
        + backend.port()
        + "/\n"
        + "  <Location /private>\n"
        + "    AuthType tailscale\n"
        + "    Require tailscale-user "
        + ICING_LOGIN
        + "\n"
        + "  </Location>\n"
        + "</VirtualHost>\n";
  }

  /** Reloads a configuration that differs only in its generation; returns the new generation. */
  int reload() throws Exception {
    generation++;
    TailgateConfig next = TailgateHarness.load(tailgate.writeConfig(config()));
    tailgate.server().reload(next);
    return generation;
  }

  WireClient connect(String from) throws IOException {
    return WireClient.open(tls, HOST, port, from);
  }

  ManagedCertificates managed() {
    return tailgate.server().features().managedCertificates().orElseThrow();
  }

  /** The serial of the certificate a brand-new handshake gets (no session to resume). */
  BigInteger servedSerial() throws Exception {
    SSLContext fresh = SSLContext.getInstance("TLS");
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(tailscaled.ca().trustStore());
    fresh.init(null, trust.getTrustManagers(), null);
    try (WireClient probe = WireClient.open(fresh, HOST, port, "127.0.0.1")) {
      return ((X509Certificate) probe.peerCertificates()[0]).getSerialNumber();
    }
  }

  /**
   * Heap in use after a full collection, in MiB: what the JVM holds on to. The fake tailscaled's
   * record of every request it answered is dropped first: that memory is the test kit's, not
   * tailgate's.
   */
  long heapAfterGcMib() {
    tailscaled.requests().clear();
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
  }

  @Override
  public void close() throws Exception {
    tailgate.close();
    backend.close();
    tailscaled.close();
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
  }
}
