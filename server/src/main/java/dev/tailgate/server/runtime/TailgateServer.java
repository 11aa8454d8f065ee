package dev.tailgate.server.runtime;

import dev.tailgate.certs.CertOwner;
import dev.tailgate.certs.CertRegistry;
import dev.tailgate.config.model.AccessLog;
import dev.tailgate.config.model.Listener;
import dev.tailgate.config.model.LogTarget;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.model.VirtualHost;
import dev.tailgate.server.auth.AuthFeature;
import dev.tailgate.server.http.AccessGate;
import dev.tailgate.server.http.Causes;
import dev.tailgate.server.http.FrontDoor;
import dev.tailgate.server.http.NamedHandlers;
import dev.tailgate.server.http.PlainErrorPages;
import dev.tailgate.server.http.ReverseProxy;
import dev.tailgate.server.http.SiteSet;
import dev.tailgate.server.log.ErrorLogSetup;
import dev.tailgate.server.log.LogModule;
import dev.tailgate.server.log.LogSinks;
import dev.tailgate.server.md.AcmeHttpChallenge;
import dev.tailgate.server.tls.TlsContexts;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running front door: Jetty with a connector per {@code Listen} and the {@link FrontDoor}
 * handler. Start and reload share one rule: prepare everything that can fail first (certificates,
 * files, logs, sockets), then swap. A failed reload changes nothing.
 */
public final class TailgateServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TailgateServer.class);

  private final Server server;
  private final QueuedThreadPool threads;
  private final FrontDoor frontDoor;
  private final CertRegistry registry;
  private final CertificateInstaller certificates;
  private final SiteFactory sites;
  private final LogSinks sinks;
  private final Connectors connectors;
  private final Duration drain;
  private final Map<ListenerKey, ServerConnector> open = new LinkedHashMap<>();
  private final Features features;
  private final UnixListeners unix;
  private volatile TlsEngine engine;

  private TailgateServer(
      TailgateConfig config, Features features, LogSinks sinks, Duration drain, Clock clock)
      throws StartupException {
    errorLog(config);
    this.engine = TlsEngine.of(config);
    this.features = features;
    this.registry = features.registry();
    AccessGate gate = features.gate();
    NamedHandlers handlers = features.handlers();
    this.sinks = sinks;
    this.certificates = new CertificateInstaller(registry, clock);
    this.threads =
        new QueuedThreadPool(
            ThreadBudget.maxThreads(config.listeners().size() + config.unixListeners().size()), 8);
    threads.setName("tailgate");
    this.server = new Server(threads, null, buffers());
    this.sites = new SiteFactory(sinks, server);
    sinks.buffering(LogModule.buffered(config));
    this.drain = drain;
    Map<CertOwner, CertificateInstaller.Loaded> loaded = certificates.load(config);
    SiteSet initial = sites.build(config);
    this.frontDoor =
        new FrontDoor(
            initial,
            new ReverseProxy(),
            gate,
            handlers,
            new AcmeHttpChallenge(features.challenges()));
    this.connectors = new Connectors(server, registry, frontDoor, features.connectionListeners());
    server.setHandler(new GracefulHandler(frontDoor));
    server.setRequestLog(new RequestLogDispatcher(features.metrics()));
    features
        .metrics()
        .connections(
            () ->
                Arrays.stream(server.getConnectors())
                    .mapToInt(c -> c.getConnectedEndPoints().size())
                    .sum());
    server.setErrorHandler(new PlainErrorPages());
    server.setStopTimeout(drain.toMillis());
    this.unix = new UnixListeners(server);
    List<ServerConnector> bound = bind(config.listeners(), config, engine);
    unix.add(config.unixListeners());
    certificates.install(loaded);
    warnAboutHostsWithoutCertificates(config);
    bound.forEach(server::addConnector);
  }

  /**
   * How an application starts tailgate: a loaded configuration, and only what differs from what
   * {@code tailgate run} does (tailscale authentication and managed certificates, on the process's
   * clients for tailscaled, a 10 s drain).
   *
   * <pre>{@code
   * TailgateConfig config = StandardModules.loader().load(Path.of("tailgate.conf"));
   * try (TailgateServer server = TailgateServer.builder(config).drain(Duration.ofSeconds(30)).start()) {
   *   ...
   * }
   * }</pre>
   */
  public static Builder builder(TailgateConfig config) {
    return new Builder(config);
  }

  /** What {@link #builder} starts; each setting has the default {@code tailgate run} uses. */
  public static final class Builder {
    private final TailgateConfig config;
    private Duration drain = Duration.ofSeconds(10);
    private CertRegistry certificates = new CertRegistry();
    private Clock clock = Clock.systemUTC();
    private Duration whoisTimeout = AuthFeature.WHOIS_TIMEOUT;
    private Optional<AccessGate> gate = Optional.empty();
    private Map<String, Handler> handlers = Map.of();

    private Builder(TailgateConfig config) {
      this.config = config;
    }

    /** How long a stop waits for requests in flight. */
    public Builder drain(Duration value) {
      drain = value;
      return this;
    }

    /** The registry TLS handshakes ask, when the caller wants to see or feed it. */
    public Builder certificates(CertRegistry value) {
      certificates = value;
      return this;
    }

    /** The clock certificate validity is judged by. */
    public Builder clock(Clock value) {
      clock = value;
      return this;
    }

    /** How long a whois may hold a request while tailscaled is slow or gone (default 5 s). */
    public Builder whoisTimeout(Duration value) {
      whoisTimeout = value;
      return this;
    }

    /**
     * Replaces tailscale authentication with {@code gate} and the named handlers it provides
     * ({@link AccessGate#OPEN} and no handlers: no access rules at all).
     */
    public Builder accessGate(AccessGate value, Map<String, Handler> namedHandlers) {
      gate = Optional.of(value);
      handlers = Map.copyOf(namedHandlers);
      return this;
    }

    /**
     * Starts serving; returns once every listener is bound. Nothing is left running if it throws.
     */
    public TailgateServer start() throws StartupException {
      return TailgateServer.start(
          config,
          Features.create(config, certificates, clock, whoisTimeout, gate, handlers),
          drain);
    }
  }

  /**
   * @param features managed certificates, the access gate and the named handlers; closed with the
   *     server
   */
  private static TailgateServer start(TailgateConfig config, Features features, Duration drain)
      throws StartupException {
    LogSinks sinks = new LogSinks();
    TailgateServer tailgate;
    try {
      tailgate = new TailgateServer(config, features, sinks, drain, Clock.systemUTC());
    } catch (StartupException e) {
      sinks.close(); // the logs the rejected configuration opened
      features.close();
      throw e;
    }
    try {
      tailgate.server.start();
    } catch (Exception e) {
      tailgate.close();
      throw new StartupException("cannot start: " + describe(e), e);
    }
    for (Listener listener : config.listeners()) {
      LOG.info(
          "listening on {} ({})",
          tailgate.open.get(ListenerKey.of(listener)).getLocalPort(),
          listener);
    }
    tailgate.unix.opened(tailgate.unix.all());
    config.unixListeners().forEach(l -> LOG.info("listening on {}", l));
    if (servesHttps(config)) {
      LOG.info("TLS engine: {}", tailgate.engine.describe());
    }
    return tailgate;
  }

  /** Only then does the engine matter: an HTTP-only server naming one misled its readers. */
  private static boolean servesHttps(TailgateConfig config) {
    return config.listeners().stream().anyMatch(l -> l.protocol() == Listener.Protocol.HTTPS);
  }

  public Features features() {
    return features;
  }

  /** The engine the HTTPS listeners use, and why ({@code TLSProvider} resolved). */
  public TlsEngine tlsEngine() {
    return engine;
  }

  /**
   * Serves {@code next} from now on. Requests in flight finish on the old configuration; listeners
   * that are gone stop accepting and finish their connections' current requests.
   *
   * @throws StartupException when anything in {@code next} cannot be prepared; the old
   *     configuration then keeps serving, untouched
   */
  public synchronized void reload(TailgateConfig next) throws StartupException {
    try {
      swapTo(next);
      features.metrics().reload(true);
    } catch (StartupException e) {
      features.metrics().reload(false);
      throw e;
    }
  }

  private void swapTo(TailgateConfig next) throws StartupException {
    TlsEngine nextEngine = TlsEngine.of(next);
    Map<CertOwner, CertificateInstaller.Loaded> loaded;
    SiteSet prepared;
    List<ServerConnector> added;
    try {
      loaded = certificates.load(next);
      prepared = sites.build(next);
      // room for every listener either configuration holds while both are open
      threads.setMaxThreads(
          Math.max(
              threads.getMaxThreads(),
              ThreadBudget.maxThreads(
                  open.size()
                      + unix.size()
                      + next.listeners().size()
                      + next.unixListeners().size())));
      added =
          bind(
              next.listeners().stream().filter(l -> !open.containsKey(ListenerKey.of(l))).toList(),
              next,
              nextEngine);
    } catch (StartupException e) {
      // close the logs only the rejected configuration opened
      sinks.retainOnly(targets(config()));
      throw e;
    }
    try {
      unix.start(unix.add(next.unixListeners()));
    } catch (StartupException e) {
      added.forEach(ServerConnector::close);
      open.values().removeAll(added);
      sinks.retainOnly(targets(config()));
      throw e;
    }
    for (ServerConnector connector : added) {
      server.addConnector(connector);
      try {
        connector.start();
      } catch (Exception e) {
        // the socket is bound already: this is no configuration problem, and the rest must still
        // swap
        LOG.error("cannot start accepting on {}: {}", connector.getName(), describe(e));
      }
    }
    certificates.install(loaded);
    frontDoor.swap(prepared);
    boolean staplingChanged = features.apply(next);
    if (staplingChanged || nextEngine.provider() != engine.provider()) {
      // stapling switched on, or off for a domain, or another engine: only a new TLS context sees
      // it (session tickets of the old one no longer resume, on this reload only)
      open.values().forEach(c -> TlsContexts.renew(c, nextEngine.provider()));
    }
    if (!nextEngine.equals(engine) && servesHttps(next)) {
      LOG.info("TLS engine: {}", nextEngine.describe());
    }
    engine = nextEngine;
    errorLog(next);
    warnAboutHostsWithoutCertificates(next);
    Set<ListenerKey> wanted = new HashSet<>();
    next.listeners().forEach(l -> wanted.add(ListenerKey.of(l)));
    for (ListenerKey key : new HashSet<>(open.keySet())) {
      if (!wanted.contains(key)) {
        retire(open.remove(key));
      }
    }
    unix.retireAllBut(
        next.unixListeners().stream()
            .map(l -> l.path())
            .collect(java.util.stream.Collectors.toSet()),
        drain);
    sinks.retainOnly(targets(next));
    sinks.buffering(LogModule.buffered(next));
    LOG.info("configuration reloaded from {}", next.mainFile());
  }

  /**
   * The port a listener actually bound (differs from the configured one only for port 0 in tests).
   */
  public int port(Listener listener) {
    ServerConnector connector = open.get(ListenerKey.of(listener));
    if (connector == null) {
      throw new IllegalArgumentException("not listening on " + listener);
    }
    return connector.getLocalPort();
  }

  public TailgateConfig config() {
    return frontDoor.sites().config();
  }

  public CertRegistry certificates() {
    return registry;
  }

  /** Blocks until the server stops (SIGTERM, or {@link #close()} from another thread). */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops accepting, lets requests in flight finish (up to the drain time), then stops. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (TimeoutException e) {
      LOG.warn(
          "stopping: requests still in flight after the {}s drain were cut off (a longer drain:"
              + " tailgate run --drain SECONDS)",
          drain.toSeconds());
    } catch (Exception e) {
      LOG.warn("stopping: {}", describe(e));
    }
    features.close();
    sinks.close();
  }

  /**
   * Binds a socket per listener before anything else changes, so a port in use is reported with its
   * {@code Listen} line and leaves no other socket of the same configuration open.
   */
  private List<ServerConnector> bind(List<Listener> listeners, TailgateConfig config, TlsEngine tls)
      throws StartupException {
    Map<ListenerKey, ServerConnector> bound = new LinkedHashMap<>();
    for (Listener listener : listeners) {
      ServerConnector connector = connectors.create(listener, config.mainServer().host(), tls);
      try {
        connector.open();
      } catch (IOException e) {
        bound.values().forEach(ServerConnector::close);
        throw new StartupException(
            listener.at() + ": cannot listen on " + listener + ": " + describe(e), e);
      }
      bound.put(ListenerKey.of(listener), connector);
    }
    open.putAll(bound);
    return List.copyOf(bound.values());
  }

  /**
   * Stops accepting on a listener that is no longer configured at once, and stops it for good once
   * its connections have finished their requests (or the drain time is over).
   */
  private void retire(ServerConnector gone) {
    gone.shutdown()
        .orTimeout(drain.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (done, timedOut) -> {
              stopQuietly(gone);
              server.removeConnector(gone);
            });
  }

  private void warnAboutHostsWithoutCertificates(TailgateConfig config) {
    List<VirtualHost> all = new ArrayList<>(config.virtualHosts());
    for (VirtualHost vhost : all) {
      if (vhost.host().tls().engine()
          && vhost.host().tls().certificateFile().isEmpty()
          && vhost.host().serverName().flatMap(registry::forName).isEmpty()) {
        LOG.warn(
            "{} at {} has SSLEngine on but no certificate yet: TLS handshakes for {} fail until one is"
                + " configured (SSLCertificateFile) or managed (MDomain)",
            vhost.describe(),
            vhost.at(),
            vhost.host().serverName().orElse("it"));
      }
    }
  }

  private static Set<LogTarget> targets(TailgateConfig config) {
    Set<LogTarget> targets = new HashSet<>();
    List<VirtualHost> all = new ArrayList<>(config.virtualHosts());
    all.add(config.mainServer());
    for (VirtualHost vhost : all) {
      for (AccessLog log : vhost.host().accessLogs()) {
        targets.add(log.target());
      }
    }
    return targets;
  }

  /**
   * Jetty's buffer pool keeps released buffers for reuse. Unbounded, a burst of TLS handshakes
   * (each needs network buffers) leaves the process holding them forever; bench/README.md measured
   * this as RSS with 1,000 idle connections. The bound keeps reuse for steady traffic and returns
   * the rest.
   */
  private static ArrayByteBufferPool buffers() {
    long retained = 32L * 1024 * 1024;
    return new ArrayByteBufferPool(0, -1, -1, -1, retained, retained);
  }

  /** httpd's ErrorLog: the main server's target receives tailgate's own log lines. */
  private static void errorLog(TailgateConfig config) throws StartupException {
    try {
      ErrorLogSetup.apply(config.mainServer().host().errorLog());
    } catch (IOException e) {
      throw new StartupException(
          "ErrorLog " + config.mainServer().host().errorLog() + ": " + e.getMessage(), e);
    }
  }

  private static void stopQuietly(ServerConnector connector) {
    try {
      connector.stop();
    } catch (Exception e) {
      LOG.debug("stopping {}: {}", connector.getName(), e.toString());
    }
  }

  private static String describe(Throwable e) {
    Throwable root = Causes.root(e);
    return root instanceof IOException && root.getMessage() != null
        ? root.getMessage()
        : root.toString();
  }
}
