package dev.tailgate.localapi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.tailgate.localapi.cert.CertPair;
import dev.tailgate.localapi.cert.CertPairVerifier;
import dev.tailgate.localapi.cert.InvalidCertPairException;
import dev.tailgate.localapi.cert.PemCertPairParser;
import dev.tailgate.localapi.model.Status;
import dev.tailgate.localapi.model.WhoIs;
import dev.tailgate.localapi.transport.LocalApiEndpoint;
import dev.tailgate.localapi.transport.UnixSocketEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLEngine;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * A typed client for tailscaled's LocalAPI. One instance per process: it keeps connections alive
 * and is safe for any number of concurrent callers. The {@code …Async} methods never block the
 * calling thread, so a server can ask who a peer is from an I/O thread; the plain methods wait.
 *
 * <p>Every failure is a {@link LocalApiException} subclass whose message says what to do. A peer
 * that is not on the tailnet is not a failure: {@link #whois} answers empty.
 */
public final class LocalApiClient implements AutoCloseable {
  private final HttpClient http;
  private final LocalApiExchange exchange;
  private final ObjectMapper json;
  private final ErrorTranslator errors;
  private final PemCertPairParser pemParser = new PemCertPairParser();
  private final Settings settings;

  private LocalApiClient(LocalApiEndpoint endpoint, Settings settings) throws LocalApiException {
    this.settings = settings;
    this.json =
        JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .build();
    this.errors = new ErrorTranslator(json);
    QueuedThreadPool threads = new QueuedThreadPool(settings.maxThreads(), 1);
    threads.setName("tailgate-localapi");
    threads.setDaemon(true);
    ClientConnector connector = new ClientConnector();
    connector.setSslContextFactory(new PlainHttpOnly());
    this.http = new HttpClient(new HttpClientTransportOverHTTP(connector));
    http.setExecutor(threads);
    // daemon too: Jetty's default timeout scheduler is not, and a client nobody closed (a main
    // thread that died of an error after the server stopped) then kept the process up for good
    http.setScheduler(new ScheduledExecutorScheduler("tailgate-localapi-timeouts", true));
    http.setConnectTimeout(settings.connectTimeout().toMillis());
    http.setIdleTimeout(Duration.ofSeconds(30).toMillis());
    http.setFollowRedirects(false);
    http.setMaxConnectionsPerDestination(settings.maxConnections());
    http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, settings.userAgent()));
    try {
      http.start();
    } catch (Exception e) {
      throw new LocalApiException(
          "could not start the LocalAPI HTTP client: " + e.getMessage(), 0, e);
    }
    // tailscaled's 401 carries no challenge; Jetty would turn it into an exception instead of a
    // status.
    http.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
    this.exchange = new LocalApiExchange(http, endpoint);
  }

  /**
   * The LocalAPI is plain HTTP (a unix socket, or loopback TCP with a token), but Jetty's client
   * starts a TLS context for every connector; the JDK's, with its trust store read, was 20–50 ms of
   * every cold start (async-profiler, bench/README.md). This one starts empty, and fails any TLS
   * use at once.
   */
  private static final class PlainHttpOnly extends SslContextFactory.Client {
    @Override
    protected void doStart() {
      // nothing to load: tailscaled is never spoken to over TLS
    }

    @Override
    public SSLEngine newSSLEngine(String host, int port) {
      throw new IllegalStateException("tailscaled's LocalAPI is plain HTTP; no TLS to " + host);
    }
  }

  /** A client for the tailscaled found the way tailscale's own CLI finds it. */
  public static LocalApiClient create() throws LocalApiException {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public LocalApiEndpoint endpoint() {
    return exchange.endpoint();
  }

  /**
   * Who is connecting from {@code peer}: empty when tailscaled does not know the address (not a
   * tailnet peer, or tailscaled is logged out, which tailscaled reports the same way).
   */
  public CompletableFuture<Optional<WhoIs>> whoisAsync(InetSocketAddress peer) {
    String addr = PeerAddress.format(peer);
    String operation = "whois " + addr;
    return exchange
        .get(
            "whois?addr=" + URLEncoder.encode(addr, StandardCharsets.UTF_8),
            operation,
            settings.requestTimeout(),
            settings.maxJsonBytes())
        .thenApply(
            response -> {
              if (response.status() == 404) {
                return Optional.<WhoIs>empty();
              }
              WhoIs whois = decode(operation, response, WhoIs.class);
              if (whois.node() == null || whois.userProfile() == null) {
                throw new CompletionException(
                    new BadResponseException(
                        "tailscaled's answer to "
                            + operation
                            + " lacks Node or UserProfile; refusing it",
                        response.status(),
                        null));
              }
              return Optional.of(whois);
            });
  }

  /**
   * Subscribes to tailscaled's change notifications ({@code watch-ipn-bus?mask=…}, spec §5). The
   * returned stream is read with blocking calls, on the caller's own thread.
   *
   * @param mask tailscaled's {@code NotifyWatchOpt} bits, e.g. {@code 2} for the initial state
   */
  public IpnBusStream watchIpnBus(long mask) throws LocalApiException {
    String operation = "watch-ipn-bus";
    LocalApiExchange.OpenStream open =
        exchange.stream(
            "watch-ipn-bus?mask=" + Long.toUnsignedString(mask),
            operation,
            settings.requestTimeout());
    if (open.status() != 200) {
      byte[] body;
      try (InputStream in = open.body()) {
        body = in.readNBytes(settings.maxJsonBytes());
      } catch (IOException e) {
        body = new byte[0];
      } finally {
        open.abort().run();
      }
      throw errors.translate(
          operation,
          new LocalApiResponse(open.status(), open.contentType(), body, Optional.empty()));
    }
    return new IpnBusStream(open.body(), open.abort(), json, exchange.endpoint().describe());
  }

  public Optional<WhoIs> whois(InetSocketAddress peer) throws LocalApiException {
    return await(whoisAsync(peer));
  }

  /**
   * The full status, peers included. For certificate work {@link #statusWithoutPeers()} is cheaper.
   */
  public Status status() throws LocalApiException {
    return await(statusAsync(true));
  }

  /**
   * {@code status?peers=false}: this node, its tailnet and certificate domains, without the peer
   * list.
   */
  public Status statusWithoutPeers() throws LocalApiException {
    return await(statusAsync(false));
  }

  public CompletableFuture<Status> statusAsync(boolean peers) {
    String operation = peers ? "status" : "status?peers=false";
    return exchange
        .get(operation, operation, settings.requestTimeout(), settings.maxStatusBytes())
        .thenApply(response -> decode(operation, response, Status.class));
  }

  /**
   * A certificate and key for {@code domain}, parsed and verified: the key matches the leaf, the
   * leaf names the domain, the chain is in order and the leaf is valid now. tailscaled may take
   * minutes to issue a first certificate, hence the separate, long {@link Builder#certTimeout}.
   *
   * @param minValidity ask tailscaled to renew first if the cached certificate expires sooner; keep
   *     it well under the CA's lifetime, or every call forces a new issuance
   */
  public CompletableFuture<CertPair> certPairAsync(String domain, Duration minValidity) {
    String operation = "cert " + domain;
    String query =
        "cert/"
            + URLEncoder.encode(domain, StandardCharsets.UTF_8).replace("%2A", "*")
            + "?type=pair&min_validity="
            + Math.max(0, minValidity.toSeconds())
            + "s";
    return exchange
        .getOnce(query, operation, settings.certTimeout(), settings.maxCertBytes())
        .thenApply(
            response -> {
              requireOk(operation, response);
              try {
                CertPair pair = pemParser.parse(response.text());
                CertPairVerifier.verify(pair, domain, settings.clock().instant());
                return pair;
              } catch (InvalidCertPairException e) {
                throw new CompletionException(
                    new BadResponseException(
                        "tailscaled's certificate for "
                            + domain
                            + " is unusable: "
                            + e.getMessage(),
                        response.status(),
                        e));
              }
            });
  }

  public CertPair certPair(String domain, Duration minValidity) throws LocalApiException {
    return await(certPairAsync(domain, minValidity));
  }

  /** The names tailscaled can issue certificates for (from status, which every version has). */
  public List<String> certDomains() throws LocalApiException {
    return statusWithoutPeers().certDomains();
  }

  private <T> T decode(String operation, LocalApiResponse response, Class<T> type) {
    requireOk(operation, response);
    if (!response.isJson()) {
      throw new CompletionException(
          new BadResponseException(
              "tailscaled answered "
                  + operation
                  + " with Content-Type "
                  + response.contentType()
                  + " instead of JSON; refusing it",
              response.status(),
              null));
    }
    try {
      T value = json.readValue(response.body(), type);
      if (value == null) {
        throw new IOException("null document");
      }
      return value;
    } catch (IOException e) {
      throw new CompletionException(
          new BadResponseException(
              "tailscaled's answer to "
                  + operation
                  + " is not valid JSON ("
                  + e.getClass().getSimpleName()
                  + "); refusing it",
              response.status(),
              e));
    }
  }

  private void requireOk(String operation, LocalApiResponse response) {
    if (response.status() != 200) {
      throw new CompletionException(errors.translate(operation, response));
    }
  }

  /** Waits for an async call, unwrapping our typed exception from the future's wrapper. */
  private static <T> T await(CompletableFuture<T> future) throws LocalApiException {
    try {
      return future.get();
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw new LocalApiException("interrupted while waiting for tailscaled", 0, e);
    }
  }

  /** The {@link LocalApiException} inside a failed future's cause, for async callers too. */
  public static LocalApiException unwrap(Throwable failure) {
    Throwable cause = ConnectFailures.cause(failure);
    if (cause instanceof LocalApiException e) {
      return e;
    }
    return new LocalApiException("unexpected failure talking to tailscaled: " + cause, 0, cause);
  }

  @Override
  public void close() {
    try {
      http.stop();
    } catch (Exception e) {
      // closing: nothing useful left to do with the failure
    }
  }

  /** Timeouts and limits, defaulted for a local daemon on the same machine. */
  record Settings(
      Duration connectTimeout,
      Duration requestTimeout,
      Duration certTimeout,
      int maxJsonBytes,
      int maxStatusBytes,
      int maxCertBytes,
      int maxConnections,
      int maxThreads,
      String userAgent,
      Clock clock) {}

  /** Builds a client; every setting has a default suited to a local tailscaled. */
  public static final class Builder {
    private LocalApiEndpoint endpoint;
    private Duration connectTimeout = Duration.ofSeconds(2);
    private Duration requestTimeout = Duration.ofSeconds(10);
    private Duration certTimeout = Duration.ofMinutes(5);
    private int maxJsonBytes = 1 << 20;
    private int maxStatusBytes = 64 << 20;
    private int maxCertBytes = 256 << 10;
    private int maxConnections = 16;
    private int maxThreads = 16;
    private String userAgent = "tailgate/" + Version.current();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder endpoint(LocalApiEndpoint endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** tailscaled's unix socket, as configured by the user (skips discovery). */
    public Builder socket(Path socket) {
      return endpoint(UnixSocketEndpoint.configured(socket));
    }

    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * For whois and status: a local daemon answers in microseconds, so this is an outage detector.
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = positive(timeout, "requestTimeout");
      return this;
    }

    /** For certificates: a first issuance runs a whole ACME DNS-01 flow and can take minutes. */
    public Builder certTimeout(Duration timeout) {
      this.certTimeout = positive(timeout, "certTimeout");
      return this;
    }

    /** The largest whois/JSON answer accepted; anything bigger is refused as garbage. */
    public Builder maxJsonBytes(int bytes) {
      this.maxJsonBytes = bytes;
      return this;
    }

    public Builder maxStatusBytes(int bytes) {
      this.maxStatusBytes = bytes;
      return this;
    }

    public Builder maxCertBytes(int bytes) {
      this.maxCertBytes = bytes;
      return this;
    }

    /** Keep-alive connections kept to tailscaled; concurrent calls beyond this queue. */
    public Builder maxConnections(int connections) {
      this.maxConnections = connections;
      return this;
    }

    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    /** The clock certificates are checked against; tests pin it. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public LocalApiClient build() throws LocalApiException {
      LocalApiEndpoint chosen = endpoint != null ? endpoint : EndpointDiscovery.discover();
      return new LocalApiClient(
          chosen,
          new Settings(
              connectTimeout,
              requestTimeout,
              certTimeout,
              maxJsonBytes,
              maxStatusBytes,
              maxCertBytes,
              maxConnections,
              maxThreads,
              userAgent,
              clock));
    }

    private static Duration positive(Duration d, String name) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
