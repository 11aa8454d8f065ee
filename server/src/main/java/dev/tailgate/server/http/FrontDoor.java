package dev.tailgate.server.http;

import dev.tailgate.config.model.EffectiveLocation;
import dev.tailgate.config.model.HostConfig;
import dev.tailgate.config.model.ProxyRoute;
import dev.tailgate.config.model.RedirectRule;
import dev.tailgate.config.model.VirtualHost;
import dev.tailgate.server.tls.SniKeyManager;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSession;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The root handler: picks the virtual host as httpd does (address, then SNI/Host name), normalises
 * the path as httpd does ({@link RequestPath}), merges the matching location sections for it, runs
 * the access gate, then redirects, proxies or serves files, every step on that one path. It only
 * looks things up in the current {@link SiteSet}; a reload swaps that set, so a request that
 * started keeps the configuration it started with.
 *
 * <p>Blocking, as Jetty understands it: static files are read with blocking calls, so a server that
 * believed this handler non-blocking could run it on a selector thread. (Running the proxied path
 * there, which would be non-blocking, was measured and not faster: bench/README.md.)
 */
public final class FrontDoor extends Handler.Abstract {
  private static final String SNI_ATTRIBUTE = FrontDoor.class.getName() + ".sni";

  /** Request attribute: the {@link Site} that served the request, for the access log. */
  public static final String SITE_ATTRIBUTE = Site.class.getName();

  private static final Logger LOG = LoggerFactory.getLogger(FrontDoor.class);

  private final AtomicReference<SiteSet> sites;
  private final ReverseProxy proxy;
  private final WebSocketTunnel tunnel;
  private final AccessGate gate;
  private final NamedHandlers handlers;
  private final EarlyAnswer early;

  public FrontDoor(
      SiteSet initial,
      ReverseProxy proxy,
      AccessGate gate,
      NamedHandlers handlers,
      EarlyAnswer early) {
    this.early = early;
    this.sites = new AtomicReference<>(initial);
    this.proxy = proxy;
    this.gate = gate;
    this.handlers = handlers;
    this.tunnel = new WebSocketTunnel();
    addBean(proxy);
    addBean(tunnel);
    handlers.names().forEach(name -> addBean(handlers.get(name).orElseThrow()));
  }

  /** The proxy and named handlers are beans, not children, so they need the server handed down. */
  @Override
  public void setServer(org.eclipse.jetty.server.Server server) {
    super.setServer(server);
    proxy.setServer(server);
    tunnel.share(new SharedResources(server));
    handlers.names().forEach(name -> handlers.get(name).orElseThrow().setServer(server));
  }

  public SiteSet sites() {
    return sites.get();
  }

  /** Serves {@code next} from now on; returns the set it replaced, for the caller to retire. */
  public SiteSet swap(SiteSet next) {
    return sites.getAndSet(next);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    SiteSet current = sites.get();
    InetSocketAddress local = inet(request.getConnectionMetaData().getLocalSocketAddress());
    InetAddress localAddress = local == null ? null : local.getAddress();
    int localPort = local == null ? 0 : local.getPort();
    String hostHeader = request.getHttpURI().getHost();
    VirtualHost vhost = current.config().select(localAddress, localPort, hostHeader);
    Optional<String> sni = sniName(request);
    if (sni.isPresent()
        && hostHeader != null
        && !hostHeader.isEmpty()
        && current.config().select(localAddress, localPort, sni.get()) != vhost) {
      request.setAttribute(SITE_ATTRIBUTE, current.site(vhost));
      ErrorPages.send(
          response,
          callback,
          421,
          "This connection was opened for "
              + sni.get()
              + ", which is served by another virtual host than "
              + hostHeader
              + ". Open a new connection for "
              + hostHeader
              + ".");
      return true;
    }
    Site site = current.site(vhost);
    request.setAttribute(SITE_ATTRIBUTE, site);
    if (early.answer(request, response, callback)) {
      return true;
    }
    if (HttpMethod.CONNECT.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS");
      ErrorPages.send(
          response, callback, 405, "tailgate is not a forward proxy: CONNECT is not allowed here.");
      return true;
    }
    RequestPath.Result normalized = RequestPath.of(request.getHttpURI().getPath());
    if (normalized instanceof RequestPath.Invalid invalid) {
      ErrorPages.send(
          response,
          callback,
          invalid.status(),
          "This request's path cannot be served: " + invalid.reason() + ".");
      return true;
    }
    String path = ((RequestPath.Valid) normalized).path();
    EffectiveLocation location = site.locations().locationFor(path);

    Optional<RedirectRule> redirect = location.redirect();
    if (redirect.isPresent()) {
      redirect(request, response, callback, redirect.get(), path);
      return true;
    }
    gate.check(
        request,
        response,
        callback,
        location,
        allowed -> dispatch(allowed, response, callback, site, location));
    return true;
  }

  private void dispatch(
      Request request,
      Response response,
      Callback callback,
      Site site,
      EffectiveLocation location) {
    try {
      Optional<ProxyRoute> route = location.proxy();
      // a proxied request gets its RequestHeader actions while its backend headers are built, after
      // hop-by-hop removal (BackendRequestHeaders); anything else sees them on the request
      Request effective =
          location.requestHeaders().isEmpty() || route.isPresent()
              ? request
              : new HeaderRewritingRequest(request, location.requestHeaders());
      Response out = response;
      Callback done = callback;
      if (HeaderRewritingResponse.needed(
          location.responseHeaders(), location.proxyReverseRules())) {
        HeaderRewritingResponse rewriting =
            new HeaderRewritingResponse(
                effective, response, location.responseHeaders(), location.proxyReverseRules());
        out = rewriting;
        done = rewriting.completing(callback);
      }
      if (location.handler().isPresent()) {
        String name = location.handler().get();
        Optional<Handler> named = handlers.get(name);
        if (named.isEmpty()) {
          ErrorPages.send(
              out, done, 500, "SetHandler " + name + " is not available in this tailgate.");
        } else if (!named.get().handle(effective, out, done)) {
          ErrorPages.send(
              out, done, 404, "The " + name + " handler has nothing at " + location.path() + ".");
        }
        return;
      }
      if (route.isPresent()) {
        if (BackendQuery.malformed(request.getHttpURI().getQuery())) {
          ErrorPages.send(
              out,
              done,
              400,
              "The query string has a % that does not start an escape (write %25 for a %).");
          return;
        }
        effective.setAttribute(ProxyTarget.ATTRIBUTE, target(request, site, location, route.get()));
        if (tunnel.isUpgrade(effective)) {
          tunnel.handle(effective, out, done);
          return;
        }
        proxy.handle(effective, out, done);
        return;
      }
      if (site.files().isPresent()
          && StaticFiles.serve(site, location, site.files().get(), effective, out, done)) {
        return;
      }
      ErrorPages.send(
          out, done, 404, "Nothing is configured to serve " + location.path() + " on this host.");
    } catch (Throwable failure) {
      LOG.warn(
          "{} {} failed: {}",
          request.getMethod(),
          request.getHttpURI().getPathQuery(),
          failure.toString());
      Response.writeError(request, response, callback, 500);
    }
  }

  private static ProxyTarget target(
      Request request, Site site, EffectiveLocation location, ProxyRoute route) {
    HostConfig host = site.vhost().host();
    return new ProxyTarget(
        route.uri(BackendQuery.forBackend(request.getHttpURI().getQuery())),
        location.preserveHost(),
        host.proxyTimeout(),
        route.at(),
        location.requestHeaders(),
        AdminHeaderNames.of(location.requestHeaders()),
        host.underscoresInHeaders());
  }

  private static void redirect(
      Request request, Response response, Callback callback, RedirectRule rule, String path) {
    Optional<String> target = rule.locationFor(path);
    int status = rule.status();
    if (target.isPresent()) {
      String query = request.getHttpURI().getQuery();
      String location =
          target.get()
              + (query == null || rule.target().orElse("").contains("?") ? "" : "?" + query);
      response.getHeaders().put(HttpHeader.LOCATION, location);
      ErrorPages.send(response, callback, status, "The document has moved to " + location + ".");
    } else {
      ErrorPages.send(response, callback, status, "This resource is no longer available.");
    }
  }

  /**
   * The SNI name of the request's TLS session, looked up once per connection and session: asking
   * the session builds the name anew each time (on Conscrypt, a native call and an IDN check, 1% of
   * the keep-alive CPU in bench/profile.sh). A renegotiated session is asked again.
   */
  private static Optional<String> sniName(Request request) {
    if (!request.isSecure()
        || !(request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE)
            instanceof EndPoint.SslSessionData ssl)) {
      return Optional.empty();
    }
    SSLSession session = ssl.sslSession();
    ConnectionMetaData connection = request.getConnectionMetaData();
    if (connection.getAttribute(SNI_ATTRIBUTE) instanceof SniOfSession known
        && known.session() == session) {
      return known.name();
    }
    Optional<String> name = SniKeyManager.sniName(session);
    connection.setAttribute(SNI_ATTRIBUTE, new SniOfSession(session, name));
    return name;
  }

  /** What {@link #sniName} remembers on a connection. */
  private record SniOfSession(SSLSession session, Optional<String> name) {}

  private static InetSocketAddress inet(SocketAddress address) {
    return address instanceof InetSocketAddress inet ? inet : null;
  }
}
