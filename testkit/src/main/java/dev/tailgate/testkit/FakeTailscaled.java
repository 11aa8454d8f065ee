package dev.tailgate.testkit;

import dev.tailgate.testkit.ca.CertCache;
import dev.tailgate.testkit.ca.TestCertificateAuthority;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.HostPort;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A fake tailscaled: a real Jetty server speaking the LocalAPI on a real unix socket (and
 * optionally on loopback TCP with a token), answering from a {@link FakeTailnet} with certificates
 * from its own {@link TestCertificateAuthority}. It follows the real daemon's rules rather than any
 * client's expectations (see {@code shared/spec/localapi.md}), so tests that pass against it
 * exercise the behaviour a client meets in production.
 *
 * <pre>{@code
 * try (FakeTailscaled fake = FakeTailscaled.start(FakeTailnet.example())) {
 *     client = new LocalApiClient(fake.socketPath());
 *     fake.faults().slow(Duration.ofSeconds(2));
 *     fake.down();  // socket gone: ENOENT
 *     fake.up();
 * }
 * }</pre>
 */
public final class FakeTailscaled implements AutoCloseable {
  /** What {@code Tailscale-Version} and {@code Status.Version} report (a v1.98.10 build). */
  public static final String VERSION = "1.98.10-t36550d57f-g5c1e8a2b9";

  /** What {@code Tailscale-Cap} reports. */
  public static final int CAPABILITY_VERSION = 145;

  /** The socket file name inside a temporary directory. */
  public static final String SOCKET_FILE_NAME = "tailscaled.sock";

  /** How long {@link #up()} keeps trying a TCP port the kernel still counts as taken. */
  private static final Duration REBIND_TIMEOUT = Duration.ofSeconds(5);

  private final FakeTailnet tailnet;
  private final Faults faults = new Faults();
  private final RequestLog requests = new RequestLog();
  private final CertCache certs;
  private final Path socketPath;
  private final Path ownedTempDir;
  private final Server server;
  private final HttpConfiguration httpConfig;
  private UnixDomainServerConnector unixConnector;
  private ServerConnector tcpConnector;
  private volatile TcpEndpoint tcpEndpoint;
  private State state = State.UP;
  private final IpnBus bus;
  private final int backlog;

  /** Listener states. */
  public enum State {
    /** Listening on the socket (and TCP if started). */
    UP,
    /** No socket file: connecting fails with "no such file". */
    DOWN,
    /** A stale socket file: connecting fails with "connection refused". */
    REFUSING,
    CLOSED
  }

  private FakeTailscaled(Builder builder) throws IOException {
    this.tailnet = Objects.requireNonNull(builder.tailnet, "tailnet");
    this.certs =
        new CertCache(
            new TestCertificateAuthority(builder.clock, builder.certLifetime),
            builder.backgroundRenewal);
    if (builder.socketPath != null) {
      this.socketPath = builder.socketPath.toAbsolutePath();
      this.ownedTempDir = null;
    } else {
      this.ownedTempDir = Files.createTempDirectory("ts");
      this.socketPath = ownedTempDir.resolve(SOCKET_FILE_NAME);
    }
    if (socketPath.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
        >= UnixDomainServerConnector.MAX_UNIX_DOMAIN_PATH_LENGTH) {
      throw new IllegalArgumentException(
          "unix socket path too long (" + socketPath + "); use a short directory");
    }
    QueuedThreadPool threads = new QueuedThreadPool(32, 2);
    threads.setName("fake-tailscaled");
    threads.setDaemon(true);
    this.server = new Server(threads);
    this.server.setStopTimeout(0);
    this.httpConfig = new HttpConfiguration();
    httpConfig.setSendServerVersion(false);
    httpConfig.setSendXPoweredBy(false);
    httpConfig.setUriCompliance(UriCompliance.UNSAFE);
    // Jetty derives a missing Host (HTTP/1.0) from the local address, which a unix
    // socket path is not; tailscaled accepts an empty Host, so give Jetty a fixed one.
    httpConfig.setServerAuthority(new HostPort(LocalApiHandler.LOCALAPI_HOST));
    Map<LocalApiRoute, Endpoint> endpoints =
        Map.of(
            LocalApiRoute.WHOIS, new WhoisEndpoint(),
            LocalApiRoute.STATUS, new StatusEndpoint(VERSION),
            LocalApiRoute.CERT_DOMAINS, new CertDomainsEndpoint(),
            LocalApiRoute.CERT, new CertEndpoint(certs, faults));
    this.bus = new IpnBus(tailnet, VERSION);
    this.backlog = builder.backlog;
    server.setHandler(
        new LocalApiHandler(
            tailnet,
            faults,
            requests,
            endpoints,
            this::currentToken,
            bus,
            VERSION,
            CAPABILITY_VERSION));
  }

  /** Starts on a fresh socket in a new short temporary directory (removed on {@link #close()}). */
  public static FakeTailscaled start(FakeTailnet tailnet) {
    return builder().tailnet(tailnet).start();
  }

  /** Starts on the given socket path (parent directories are created; a stale file is replaced). */
  public static FakeTailscaled start(FakeTailnet tailnet, Path socketPath) {
    return builder().tailnet(tailnet).socketPath(socketPath).start();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Path socketPath() {
    return socketPath;
  }

  public FakeTailnet tailnet() {
    return tailnet;
  }

  public Faults faults() {
    return faults;
  }

  public RequestLog requests() {
    return requests;
  }

  public TestCertificateAuthority ca() {
    return certs.ca();
  }

  /** The daemon's certificate cache: what was issued, and when a new one would be. */
  public CertCache certs() {
    return certs;
  }

  /** The next cert request for this domain gets a new certificate (new key and serial). */
  public void renew(String domain) {
    certs.renew(domain);
  }

  public synchronized State state() {
    return state;
  }

  /** Also listens on {@code 127.0.0.1:<random port>} with a token (macOS GUI mode); idempotent. */
  public synchronized TcpEndpoint startTcp() {
    if (tcpEndpoint == null) {
      byte[] token = new byte[10];
      new SecureRandom().nextBytes(token);
      tcpEndpoint = new TcpEndpoint(0, HexFormat.of().formatHex(token));
      if (state == State.UP) {
        startTcpConnector();
      }
    }
    return tcpEndpoint;
  }

  public synchronized Optional<TcpEndpoint> tcp() {
    return Optional.ofNullable(tcpEndpoint);
  }

  /** Stops listening and removes the socket file: clients fail to connect with "no such file". */
  public synchronized void down() {
    requireOpen();
    bus.closeAll();
    stopListeners();
    deleteSocketFile();
    state = State.DOWN;
  }

  /** Leaves a socket file nobody accepts on: clients fail to connect with "connection refused". */
  public synchronized void refuse() {
    requireOpen();
    bus.closeAll();
    stopListeners();
    deleteSocketFile();
    try (ServerSocketChannel stale = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      stale.bind(UnixDomainSocketAddress.of(socketPath));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    state = State.REFUSING;
  }

  /**
   * Listens again on the same socket path (and the same TCP port and token, if TCP was started).
   */
  public synchronized void up() {
    requireOpen();
    if (state == State.UP) {
      return;
    }
    deleteSocketFile();
    bus.reopen();
    startUnixConnector();
    if (tcpEndpoint != null) {
      startTcpConnector();
    }
    state = State.UP;
  }

  @Override
  public synchronized void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    bus.closeAll();
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the fake tailscaled", e);
    } finally {
      deleteSocketFile();
      if (ownedTempDir != null) {
        try {
          Files.deleteIfExists(ownedTempDir);
        } catch (IOException ignored) {
          // a file someone else put there; leave the directory
        }
      }
    }
  }

  /** How many {@code watch-ipn-bus} streams are open: a test waits for its subscriber this way. */
  public int ipnBusWatchers() {
    return bus.watcherCount();
  }

  /** Blocks until the server stops (for the process mode). */
  void join() throws InterruptedException {
    server.join();
  }

  @Override
  public String toString() {
    return "FakeTailscaled[" + socketPath + ", " + state() + "]";
  }

  private FakeTailscaled startServer() {
    try {
      Files.createDirectories(socketPath.getParent());
      deleteSocketFile();
      server.start();
      startUnixConnector();
      return this;
    } catch (Exception e) {
      close();
      throw new IllegalStateException("cannot start the fake tailscaled on " + socketPath, e);
    }
  }

  private void startUnixConnector() {
    UnixDomainServerConnector connector =
        new UnixDomainServerConnector(server, new HttpConnectionFactory(httpConfig));
    connector.setUnixDomainPath(socketPath);
    // Go listens with the kernel's maximum backlog; Java's small default makes bursts of
    // non-blocking unix connects fail with EAGAIN, which real tailscaled would absorb
    connector.setAcceptQueueSize(backlog);
    startConnector(connector);
    unixConnector = connector;
    try {
      // tailscaled makes its socket world-writable where it can check peer credentials
      Files.setPosixFilePermissions(socketPath, PosixFilePermissions.fromString("rw-rw-rw-"));
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort, as upstream
    }
  }

  /**
   * Listens on the TCP port again. {@link #down()} frees the port at once, but another socket may
   * have been given it as its ephemeral port meanwhile: CI once failed {@code up()} with "Address
   * already in use". So a port in use is tried again for up to {@link #REBIND_TIMEOUT}, as a
   * restarted daemon's supervisor would.
   */
  private void startTcpConnector() {
    long deadline = System.nanoTime() + REBIND_TIMEOUT.toNanos();
    while (true) {
      // no acceptor thread: the selector accepts, so stopping closes the listening socket at once
      // (with an acceptor blocked in accept(), the JDK closed it only once that thread left, and
      // down() returned while the kernel still listened: the port was "already in use" for
      // whoever took it next, in about one down() in twenty)
      ServerConnector connector =
          new ServerConnector(server, 0, 1, new HttpConnectionFactory(httpConfig));
      connector.setHost("127.0.0.1");
      connector.setPort(tcpEndpoint.port());
      try {
        startConnector(connector);
      } catch (IllegalStateException e) {
        if (!portInUse(e) || System.nanoTime() - deadline > 0) {
          throw e;
        }
        pauseBeforeRebind();
        continue;
      }
      tcpConnector = connector;
      tcpEndpoint = new TcpEndpoint(connector.getLocalPort(), tcpEndpoint.token());
      return;
    }
  }

  private static boolean portInUse(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static void pauseBeforeRebind() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listening again", interrupted);
    }
  }

  private void startConnector(org.eclipse.jetty.server.AbstractConnector connector) {
    server.addConnector(connector);
    try {
      if (!connector.isStarted()) {
        connector.start();
      }
    } catch (Exception e) {
      server.removeConnector(connector);
      throw new IllegalStateException("cannot listen on " + connector, e);
    }
  }

  private void stopListeners() {
    stopConnector(unixConnector);
    unixConnector = null;
    stopConnector(tcpConnector);
    tcpConnector = null;
  }

  private void stopConnector(org.eclipse.jetty.server.AbstractConnector connector) {
    if (connector == null) {
      return;
    }
    try {
      connector.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop " + connector, e);
    } finally {
      server.removeConnector(connector);
    }
  }

  private void deleteSocketFile() {
    try {
      Files.deleteIfExists(socketPath);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void requireOpen() {
    if (state == State.CLOSED) {
      throw new IllegalStateException("closed");
    }
  }

  /** Read by request threads without the lock, so a request never waits on down()/up(). */
  private String currentToken() {
    TcpEndpoint endpoint = tcpEndpoint;
    return endpoint == null ? null : endpoint.token();
  }

  /** Options; only the tailnet is required. */
  public static final class Builder {
    private FakeTailnet tailnet;
    private Path socketPath;
    private Clock clock = Clock.systemUTC();
    private Duration certLifetime = TestCertificateAuthority.DEFAULT_LIFETIME;
    private boolean backgroundRenewal = true;
    private int backlog = 4096;

    private Builder() {}

    public Builder tailnet(FakeTailnet value) {
      this.tailnet = value;
      return this;
    }

    /** Default: {@code tailscaled.sock} in a new temporary directory. Keep it under ~100 bytes. */
    public Builder socketPath(Path value) {
      this.socketPath = value;
      return this;
    }

    /** The CA's clock: certificate validity and cache expiry follow it. */
    public Builder clock(Clock value) {
      this.clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Whether certificates renew in the background once 2/3 of their lifetime has passed, as
     * tailscaled's do (default); off for a daemon whose renewal never finishes, so that it keeps
     * answering "not yet".
     */
    public Builder backgroundRenewal(boolean value) {
      this.backgroundRenewal = value;
      return this;
    }

    /**
     * Leaf certificate lifetime; default 90 days. Seconds make whole lifecycles testable on a real
     * clock.
     */
    public Builder certLifetime(Duration value) {
      this.certLifetime = Objects.requireNonNull(value, "certLifetime");
      return this;
    }

    /**
     * The unix socket's listen backlog (default 4096). A short one makes a burst of connects fail
     * the way a busy tailscaled's do (its Go listener uses the system's somaxconn).
     */
    public Builder backlog(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("backlog must be at least 1: " + value);
      }
      this.backlog = value;
      return this;
    }

    public FakeTailscaled start() {
      try {
        return new FakeTailscaled(this).startServer();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
