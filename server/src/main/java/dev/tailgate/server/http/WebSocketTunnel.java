package dev.tailgate.server.http;

import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.ContainerLifeCycle;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;
import org.eclipse.jetty.websocket.core.server.Handshaker;
import org.eclipse.jetty.websocket.core.server.WebSocketNegotiator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket pass-through for proxied locations, which Jetty's {@code ProxyHandler} does not do. The
 * backend is connected first and the client accepted only once it answered, so a backend that is
 * down or refuses gives the same 502/504 page as a plain request instead of a WebSocket that opens
 * and closes at once. Then a {@link WebSocketRelay} copies frames between the two sessions.
 *
 * <p>Both handshakes are Jetty's own (websocket-core); both sides speak HTTP/1.1 (the connectors do
 * not offer RFC 8441 over HTTP/2, see {@code Connectors}). The tunnel has its own {@link
 * HttpClient}: the proxy's has Jetty's upgrade handling removed on purpose, so a plain proxied
 * request can never switch protocols. Each WebSocket connection negotiates its extensions on its
 * own. {@code ProxyTimeout} bounds the backend handshake and, as in httpd, how long the tunnel may
 * stay idle.
 */
public final class WebSocketTunnel extends ContainerLifeCycle {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketTunnel.class);

  private final WebSocketComponents components = new WebSocketComponents();
  private final Handshaker handshaker = Handshaker.newInstance();
  private final HttpClient http;
  private final WebSocketCoreClient client;

  public WebSocketTunnel() {
    http = new HttpClient();
    http.setFollowRedirects(false);
    http.setHttpCookieStore(new HttpCookieStore.Empty());
    http.setUserAgentField(null);
    http.setName("websocket-tunnel");
    client = new WebSocketCoreClient(http, components);
    addBean(components);
    addBean(http);
    addBean(client);
  }

  /** Runs the tunnel's client on the server's threads and buffers; call before starting. */
  void share(SharedResources resources) {
    resources.applyTo(http);
  }

  public boolean isUpgrade(Request request) {
    return handshaker.isWebSocketUpgradeRequest(request);
  }

  /** Proxies the upgrade in {@code request} to its {@link ProxyTarget}; never blocks. */
  public void handle(Request request, Response response, Callback callback) {
    ProxyTarget target = ProxyTarget.of(request);
    WebSocketRelay relay = new WebSocketRelay();
    try {
      client
          .connect(BackendHandshake.create(client, request, target, relay.backendSide()))
          .whenComplete(
              (backend, failure) -> {
                if (failure == null) {
                  accept(request, response, callback, target, relay, backend);
                } else {
                  refuse(request, response, callback, target, failure);
                }
              });
    } catch (Throwable failure) {
      refuse(request, response, callback, target, failure);
    }
  }

  private void accept(
      Request request,
      Response response,
      Callback callback,
      ProxyTarget target,
      WebSocketRelay relay,
      CoreSession backend) {
    WebSocketNegotiator negotiator =
        (upgradeRequest, upgradeResponse, negotiation) -> {
          if (backend.getNegotiatedSubProtocol() != null) {
            upgradeResponse.setAcceptedSubProtocol(backend.getNegotiatedSubProtocol());
          }
          return relay.clientSide();
        };
    Configuration.Customizer idle = session -> session.setIdleTimeout(target.timeout());
    try {
      if (!handshaker.upgradeRequest(negotiator, request, response, callback, components, idle)) {
        relay.abandon();
        ErrorPages.send(
            response, callback, 400, "This is not a WebSocket upgrade tailgate can accept.");
      }
    } catch (Throwable failure) {
      relay.abandon();
      Response.writeError(request, response, callback, failure);
    }
  }

  private static void refuse(
      Request request,
      Response response,
      Callback callback,
      ProxyTarget target,
      Throwable failure) {
    LOG.warn(
        "WebSocket proxy to {} failed for {}: {} (ProxyPass at {})",
        BackendFailurePage.origin(target.uri()),
        request.getHttpURI().getPathQuery(),
        failure.toString(),
        target.configuredAt());
    BackendFailurePage.send(response, callback, target, failure);
  }
}
