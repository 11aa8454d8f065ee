package dev.tailgate.server.metrics;

import dev.tailgate.auth.identity.IdentityLookup;
import dev.tailgate.auth.identity.IdentityObserver;
import dev.tailgate.certs.managed.DomainStatus;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * tailgate's Prometheus instruments, in one registry per server: what happened to requests, to
 * identity lookups and to certificates, and the reloads. Counters and histograms are recorded as
 * things happen (lock-free in the client library), but only while some location serves them ({@link
 * #recording}): a server nobody scrapes pays nothing. States (connections, the watch, certificate
 * expiry) are read when scraped, so they cost nothing in between.
 */
public final class TailgateMetrics implements IdentityObserver {
  /** Request latencies from 1 ms to 10 s: a proxy's range, not a backend's. */
  private static final double[] REQUEST_SECONDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  /** whois from a local daemon: 100 µs to 5 s (the timeout). */
  private static final double[] WHOIS_SECONDS = {
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5
  };

  private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private volatile boolean recording;
  private final Counter requests =
      Counter.builder()
          .name("tailgate_http_requests_total")
          .help("Requests answered, by virtual host (ServerName) and status class")
          .labelNames("vhost", "code")
          .register(registry);
  private final Histogram latency =
      Histogram.builder()
          .name("tailgate_http_request_duration_seconds")
          .help("Time from the request's arrival to its last byte, by virtual host")
          .labelNames("vhost")
          .classicUpperBounds(REQUEST_SECONDS)
          .classicOnly()
          .register(registry);
  private final Counter backendFailures =
      Counter.builder()
          .name("tailgate_proxy_backend_failures_total")
          .help(
              "Proxied requests the backend failed: 502 (refused, reset, bad answer) or 504 (ProxyTimeout)")
          .labelNames("vhost", "code")
          .register(registry);
  private final Counter lookups =
      Counter.builder()
          .name("tailgate_identity_lookups_total")
          .help(
              "Identity lookups by how they were served: hit (fresh answer), stale (served while refreshing), miss (waited for whois)")
          .labelNames("served")
          .register(registry);
  private final Counter whois =
      Counter.builder()
          .name("tailgate_whois_total")
          .help("whois calls to tailscaled by outcome: found, not_a_peer, failed")
          .labelNames("outcome")
          .register(registry);
  private final Histogram whoisLatency =
      Histogram.builder()
          .name("tailgate_whois_duration_seconds")
          .help("How long tailscaled took to answer whois, retries included")
          .classicUpperBounds(WHOIS_SECONDS)
          .classicOnly()
          .register(registry);
  private final Counter reloads =
      Counter.builder()
          .name("tailgate_reloads_total")
          .help(
              "Configuration reloads by outcome: applied, rejected (the old configuration kept running)")
          .labelNames("outcome")
          .register(registry);

  /** Whether events are counted: on while the configuration has a {@code SetHandler metrics}. */
  public void recording(boolean on) {
    this.recording = on;
  }

  /** Counts one finished request. */
  public void request(String vhost, int status, long nanos) {
    if (!recording) {
      return;
    }
    int index = status / 100 - 1;
    String code = index >= 0 && index < STATUS_CLASSES.length ? STATUS_CLASSES[index] : "other";
    requests.labelValues(vhost, code).inc();
    latency.labelValues(vhost).observe(nanos / 1e9);
  }

  public void backendFailure(String vhost, int status) {
    if (!recording) {
      return;
    }
    backendFailures.labelValues(vhost, Integer.toString(status)).inc();
  }

  public void reload(boolean applied) {
    if (!recording) {
      return;
    }
    reloads.labelValues(applied ? "applied" : "rejected").inc();
  }

  @Override
  public void served(Served how) {
    if (!recording) {
      return;
    }
    lookups.labelValues(how.name().toLowerCase(Locale.ROOT)).inc();
  }

  @Override
  public void asked(long nanos, IdentityLookup outcome) {
    if (!recording) {
      return;
    }
    String label =
        outcome instanceof IdentityLookup.Found
            ? "found"
            : outcome instanceof IdentityLookup.NotAPeer ? "not_a_peer" : "failed";
    whois.labelValues(label).inc();
    whoisLatency.observe(nanos / 1e9);
  }

  /** Open client connections, read at each scrape. */
  public void connections(IntSupplier open) {
    GaugeWithCallback.builder()
        .name("tailgate_connections_active")
        .help("Client connections open now, all listeners")
        .callback(callback -> callback.call(open.getAsInt()))
        .register(registry);
  }

  /**
   * Whether tailscaled's change notifications arrive: 1 live, 0 lost; absent before the first
   * identity lookup starts the watch.
   */
  public void watch(Supplier<Optional<Boolean>> live) {
    GaugeWithCallback.builder()
        .name("tailgate_tailscaled_watch_live")
        .help("1 while tailgate's watch-ipn-bus subscription is live, 0 while it is lost")
        .callback(callback -> live.get().ifPresent(up -> callback.call(up ? 1 : 0)))
        .register(registry);
  }

  /** Per managed domain: certificate expiry, state and error count, read at each scrape. */
  public void certificates(Supplier<List<DomainStatus>> status) {
    GaugeWithCallback.builder()
        .name("tailgate_certificate_expiry_timestamp_seconds")
        .help("When the certificate served for a managed domain expires (Unix time)")
        .labelNames("domain")
        .callback(
            callback ->
                status
                    .get()
                    .forEach(
                        d ->
                            d.certificate()
                                .ifPresent(
                                    c -> callback.call(c.validUntil().getEpochSecond(), d.name()))))
        .register(registry);
    GaugeWithCallback.builder()
        .name("tailgate_certificate_renewal_errors")
        .help(
            "Failed attempts since the last success, per managed domain (0 when the last one worked)")
        .labelNames("domain", "state")
        .callback(
            callback ->
                status
                    .get()
                    .forEach(
                        d ->
                            callback.call(
                                d.errors(), d.name(), d.state().name().toLowerCase(Locale.ROOT))))
        .register(registry);
  }

  /** The current values, for the {@code metrics} handler. */
  public MetricSnapshots scrape() {
    return registry.scrape();
  }
}
