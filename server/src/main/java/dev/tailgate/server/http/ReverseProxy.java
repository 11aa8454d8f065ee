package dev.tailgate.server.http;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reverse proxy (Jetty's {@link ProxyHandler}: bodies stream both ways, hop-by-hop headers are
 * dropped) with httpd's conventions on top: {@code X-Forwarded-For/-Proto/-Host} instead of Jetty's
 * {@code Forwarded} and {@code Via}, {@code ProxyPreserveHost}, {@code ProxyTimeout}, and 502/504
 * pages that name the backend. WebSocket upgrades never get here: {@link WebSocketTunnel} takes them.
 */
public final class ReverseProxy extends ProxyHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ReverseProxy.class);

  @Override
  protected HttpURI rewriteHttpURI(org.eclipse.jetty.server.Request clientToProxyRequest) {
    return HttpURI.from(ProxyTarget.of(clientToProxyRequest).uri());
  }

  @Override
  protected Request newProxyToServerRequest(org.eclipse.jetty.server.Request clientToProxyRequest, HttpURI newHttpURI) {
    ProxyTarget target = ProxyTarget.of(clientToProxyRequest);
    Request request = super.newProxyToServerRequest(clientToProxyRequest, newHttpURI);
    long millis = target.timeout().toMillis();
    request.idleTimeout(millis, TimeUnit.MILLISECONDS);
    return request;
  }

  @Override
  protected void copyRequestHeaders(org.eclipse.jetty.server.Request clientToProxyRequest, Request proxyToServerRequest) {
    super.copyRequestHeaders(clientToProxyRequest, proxyToServerRequest);
    ProxyTarget target = ProxyTarget.of(clientToProxyRequest);
    String host = clientToProxyRequest.getHttpURI().getAuthority();
    proxyToServerRequest.headers(
        headers -> {
          if (target.preserveHost() && host != null) {
            headers.put(HttpHeader.HOST, host);
          } else {
            headers.remove(HttpHeader.HOST);
          }
        });
  }

  @Override
  protected void addProxyHeaders(org.eclipse.jetty.server.Request clientToProxyRequest, Request proxyToServerRequest) {
    proxyToServerRequest.headers(headers -> ForwardedHeaders.replace(clientToProxyRequest, headers));
  }

  @Override
  protected void onServerToProxyResponseFailure(
      org.eclipse.jetty.server.Request clientToProxyRequest,
      Request proxyToServerRequest,
      Response serverToProxyResponse,
      org.eclipse.jetty.server.Response proxyToClientResponse,
      Callback proxyToClientCallback,
      Throwable failure) {
    ProxyTarget target = ProxyTarget.of(clientToProxyRequest);
    LOG.warn("proxy to {} failed for {} {}: {} (ProxyPass at {})", BackendFailurePage.origin(target.uri()),
        clientToProxyRequest.getMethod(), clientToProxyRequest.getHttpURI().getPathQuery(), failure.toString(),
        target.configuredAt());
    if (proxyToClientResponse.isCommitted()) {
      proxyToClientCallback.failed(failure);
      return;
    }
    proxyToClientResponse.reset();
    BackendFailurePage.send(proxyToClientResponse, proxyToClientCallback, target, failure);
  }
}
