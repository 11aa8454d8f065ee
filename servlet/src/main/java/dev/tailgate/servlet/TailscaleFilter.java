package dev.tailgate.servlet;

import dev.tailgate.auth.headers.IdentityHeaderNames;
import dev.tailgate.auth.identity.Identity;
import dev.tailgate.auth.identity.IdentityLookup;
import dev.tailgate.auth.policy.AccessCheck;
import dev.tailgate.auth.policy.AccessPolicy;
import dev.tailgate.auth.policy.TaggedDevices;
import dev.tailgate.auth.policy.Verdict;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tailscale identity and httpd's access rules for any Jakarta Servlet 6 application (Tomcat 11,
 * Jetty 12 ee10, Spring). Register it in {@code web.xml} (init parameters as in {@link
 * FilterSettings#fromParameters}) or programmatically with {@code new TailscaleFilter(settings)}.
 *
 * <p>Each request: the identity headers a client sent are hidden in every spelling (in
 * trusted-proxy mode all but those a trusted proxy vouches for, in their canonical spelling); the
 * peer's identity is learned (whois, cached, or the proxy's headers); the rules of the request's
 * path decide, with httpd's answers: 401 when {@code AuthType tailscale} finds nobody, 403 when the
 * rules refuse, 503 when tailscaled cannot say (never let through), 500 for rules httpd also
 * rejects at run time. The request that passes carries the identity in the standard APIs ({@link
 * TailscaleRequest}). A path without rules passes with the identity if tailscaled can say it, and
 * without one if it cannot; tailscaled being down does not stop it.
 */
public class TailscaleFilter implements Filter {
  private static final Logger LOG = LoggerFactory.getLogger(TailscaleFilter.class);

  private FilterSettings settings;
  private IdentitySource identities;
  private Set<String> hiddenHeaders;

  /** For {@code web.xml}: the settings come from the init parameters. */
  public TailscaleFilter() {}

  /** For programmatic registration (and Spring). */
  public TailscaleFilter(FilterSettings settings) {
    this.settings = settings;
  }

  @Override
  public void init(FilterConfig config) throws ServletException {
    try {
      if (settings == null) {
        settings = FilterSettings.fromParameters(config::getInitParameter);
      }
      start();
    } catch (IllegalArgumentException | LocalApiException e) {
      throw new ServletException("tailgate filter: " + e.getMessage(), e);
    }
  }

  /** Starts without a container (tests, Spring's registration, which calls init too). */
  public synchronized void start() throws LocalApiException {
    if (identities != null) {
      return;
    }
    if (settings == null) {
      settings = FilterSettings.defaults();
    }
    identities =
        settings.mode() == Mode.WHOIS
            ? new WhoisIdentities(settings)
            : new ProxyIdentities(settings);
    hiddenHeaders = IdentityHeaderNames.DEFAULTS.stripped();
  }

  public FilterSettings settings() {
    return settings;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    if (!(req instanceof HttpServletRequest request)
        || !(res instanceof HttpServletResponse response)) {
      chain.doFilter(req, res);
      return;
    }
    AccessPolicy policy = settings.rules().policyFor(path(request));
    Optional<InetAddress> client = address(request);
    boolean viaProxy = identities.trusts(client);
    CompletableFuture<IdentityLookup> lookup = identities.identify(request, client, viaProxy);
    Verdict verdict =
        await(
            new AccessCheck(policy, client, settings.taggedDevices(), () -> lookup).decide(),
            request);
    if (verdict instanceof Verdict.Allowed) {
      Optional<Identity> identity = known(lookup, settings.whoisTimeout().toMillis());
      TailscalePrincipal principal = identity.map(TailscalePrincipal::of).orElse(null);
      String user =
          identity
              .filter(i -> !i.tagged() || settings.taggedDevices() == TaggedDevices.USERS)
              .map(Identity::loginName)
              .filter(login -> !login.isEmpty())
              .orElse(null);
      chain.doFilter(
          new TailscaleRequest(
              request, principal, user, hiddenHeaders, viaProxy ? identities.vouched() : Set.of()),
          response);
    } else if (verdict instanceof Verdict.Refused refused) {
      LOG.info(
          "{} for {} {}: {}",
          refused.status(),
          request.getMethod(),
          path(request),
          refused.reason());
      response.sendError(refused.status());
    } else if (verdict instanceof Verdict.Unavailable unavailable) {
      LOG.error(
          "503 for {} {}: {}",
          request.getMethod(),
          path(request),
          unavailable.cause().getMessage());
      response.sendError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "tailscaled is unreachable");
    } else if (verdict instanceof Verdict.Misconfigured misconfigured) {
      LOG.error("500 for {} {}: {}", request.getMethod(), path(request), misconfigured.reason());
      response.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
    }
  }

  /**
   * The identity the lookup found. On a path without rules the application (or Spring Security
   * behind this filter) may still decide by it, so the lookup is awaited there too (answered from
   * the cache after a connection's first request); if tailscaled cannot say, the request goes on
   * without an identity rather than failing.
   */
  private static Optional<Identity> known(CompletableFuture<IdentityLookup> lookup, long millis) {
    try {
      return lookup.get(millis + 1000, TimeUnit.MILLISECONDS) instanceof IdentityLookup.Found found
          ? Optional.of(found.identity())
          : Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      LOG.debug("no identity for a request on an open path: {}", e.getMessage());
      return Optional.empty();
    }
  }

  private Verdict await(CompletableFuture<Verdict> decided, HttpServletRequest request) {
    try {
      return decided.get(settings.whoisTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Verdict.Unavailable(new LocalApiException("interrupted", 0, e));
    } catch (ExecutionException | TimeoutException e) {
      return new Verdict.Unavailable(LocalApiClient.unwrap(e));
    }
  }

  /** The path the container decoded and normalised, without the context path. */
  static String path(HttpServletRequest request) {
    String servletPath = request.getServletPath() == null ? "" : request.getServletPath();
    String info = request.getPathInfo() == null ? "" : request.getPathInfo();
    String path = servletPath + info;
    return path.isEmpty() ? "/" : path;
  }

  private static Optional<InetAddress> address(HttpServletRequest request) {
    try {
      return Optional.of(InetAddress.getByName(request.getRemoteAddr()));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  @Override
  public synchronized void destroy() {
    if (identities != null) {
      identities.close();
      identities = null;
    }
  }
}
