package dev.tailgate.bench;

import dev.tailgate.certs.CertOwner;
import dev.tailgate.certs.CertRegistry;
import dev.tailgate.certs.ServedCertificate;
import dev.tailgate.localapi.cert.PemCertPairParser;
import dev.tailgate.server.tls.SniKeyManager;
import dev.tailgate.testkit.ca.IssuedCertificate;
import dev.tailgate.testkit.ca.TestCertificateAuthority;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The certificate choice at each TLS handshake. {@code registryForName} is the lookup the {@link
 * SniKeyManager} makes; the two handshake benchmarks run a whole TLS 1.3 handshake in memory
 * (client and server, P-256 certificate from the fake CA, SNI set) once with the SniKeyManager and
 * once with the JDK's own key manager over a fixed key store, so their difference is what choosing
 * by SNI from the registry costs, and their size is what a new connection costs the JDK's TLS.
 *
 * <p>Each handshake uses a new client port, so the client never resumes a session: every iteration
 * is a full handshake, as wrk's {@code Connection: close} runs are.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class SniBenchmark {
  static final String HOST = "vps.headless-chicken.ts.net";
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private CertRegistry registry;
  private SSLContext sniServer;
  private SSLContext staticServer;
  private SSLContext client;
  private int port = 1;

  @Setup
  public void setUp() throws Exception {
    TestCertificateAuthority ca = new TestCertificateAuthority();
    registry = new CertRegistry();
    for (int i = 0; i < 20; i++) {
      // a registry with a few other hosts, as a server with several vhosts has
      registry.install(
          new CertOwner.ManagedDomain("other" + i),
          List.of("other" + i + ".headless-chicken.ts.net"),
          pair(ca.issue("other" + i + ".headless-chicken.ts.net")));
    }
    IssuedCertificate issued = ca.issue(HOST);
    ServedCertificate served =
        registry.install(new CertOwner.ManagedDomain(HOST), List.of(HOST), pair(issued));
    sniServer = context(new KeyManager[] {new SniKeyManager(registry, Optional::empty)}, null);
    KeyStore keys = KeyStore.getInstance("PKCS12");
    keys.load(null, null);
    keys.setKeyEntry(
        "vps",
        served.privateKey(),
        new char[0],
        served.chain().toArray(java.security.cert.Certificate[]::new));
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(keys, new char[0]);
    staticServer = context(factory.getKeyManagers(), null);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(ca.trustStore());
    client = context(null, trust);
  }

  private static dev.tailgate.localapi.cert.CertPair pair(IssuedCertificate issued)
      throws Exception {
    return new PemCertPairParser().parse(issued.pairPem());
  }

  private static SSLContext context(KeyManager[] keys, TrustManagerFactory trust) throws Exception {
    SSLContext context = SSLContext.getInstance("TLSv1.3");
    context.init(keys, trust == null ? null : trust.getTrustManagers(), null);
    return context;
  }

  /** The registry lookup by SNI name, exact match among 21 hosts. */
  @Benchmark
  public Optional<ServedCertificate> registryForName() {
    return registry.forName(HOST);
  }

  @Benchmark
  public SSLEngine handshakeWithSniKeyManager() throws SSLException {
    return handshake(sniServer);
  }

  @Benchmark
  public SSLEngine handshakeWithJdkKeyManager() throws SSLException {
    return handshake(staticServer);
  }

  private SSLEngine handshake(SSLContext serverContext) throws SSLException {
    SSLEngine clientEngine = client.createSSLEngine(HOST, port++);
    clientEngine.setUseClientMode(true);
    SSLEngine serverEngine = serverContext.createSSLEngine();
    serverEngine.setUseClientMode(false);
    int packet =
        Math.max(
            clientEngine.getSession().getPacketBufferSize(),
            serverEngine.getSession().getPacketBufferSize());
    int app =
        Math.max(
            clientEngine.getSession().getApplicationBufferSize(),
            serverEngine.getSession().getApplicationBufferSize());
    ByteBuffer toServer = ByteBuffer.allocate(packet * 4);
    ByteBuffer toClient = ByteBuffer.allocate(packet * 4);
    ByteBuffer clientApp = ByteBuffer.allocate(app);
    ByteBuffer serverApp = ByteBuffer.allocate(app);
    clientEngine.beginHandshake();
    serverEngine.beginHandshake();
    for (int round = 0; round < 200; round++) {
      if (!handshaking(clientEngine) && !handshaking(serverEngine)) {
        return serverEngine;
      }
      boolean moved = step(clientEngine, toServer, toClient, clientApp);
      moved |= step(serverEngine, toClient, toServer, serverApp);
      if (!moved) {
        break;
      }
    }
    throw new IllegalStateException(
        "handshake did not finish: client "
            + clientEngine.getHandshakeStatus()
            + ", server "
            + serverEngine.getHandshakeStatus());
  }

  private static boolean handshaking(SSLEngine engine) {
    HandshakeStatus status = engine.getHandshakeStatus();
    return status != HandshakeStatus.NOT_HANDSHAKING && status != HandshakeStatus.FINISHED;
  }

  /** One move of ENGINE: run its tasks, write what it wants to send to OUT, or read from IN. */
  private static boolean step(SSLEngine engine, ByteBuffer out, ByteBuffer in, ByteBuffer app)
      throws SSLException {
    switch (engine.getHandshakeStatus()) {
      case NEED_TASK -> {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
          task.run();
        }
        return true;
      }
      case NEED_WRAP -> {
        SSLEngineResult result = engine.wrap(EMPTY, out);
        return result.bytesProduced() > 0
            || result.getHandshakeStatus() != HandshakeStatus.NEED_WRAP;
      }
      case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
        in.flip();
        SSLEngineResult result = engine.unwrap(in, app);
        in.compact();
        app.clear();
        return result.bytesConsumed() > 0
            || result.getHandshakeStatus() == HandshakeStatus.NEED_TASK;
      }
      default -> {
        return false;
      }
    }
  }
}
