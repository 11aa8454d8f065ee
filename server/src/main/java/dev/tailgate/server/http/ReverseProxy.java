package dev.tailgate.server.http;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
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

  public ReverseProxy() {
    // Jetty's default gives the proxy's client its own pool of up to 200 threads
    setUseServerThreadPool(true);
  }

  @Override
  protected void configureHttpClient(HttpClient httpClient) {
    super.configureHttpClient(httpClient);
    // the client's User-Agent is copied through; without this the backend would get a second one
    httpClient.setUserAgentField(null);
    new SharedResources(getServer()).applyTo(httpClient);
  }

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

  /**
   * Jetty forwards a body only if the request announces one (a length, or chunked), and HTTP/2
   * announces neither for a body of unknown length: such an upload reached the backend empty. Reading
   * once tells the two cases apart without waiting: a request without a body has already ended.
   */
  @Override
  protected void sendProxyToServerRequest(
      org.eclipse.jetty.server.Request clientToProxyRequest,
      Request proxyToServerRequest,
      org.eclipse.jetty.server.Response proxyToClientResponse,
      Callback proxyToClientCallback) {
    if (proxyToServerRequest.getBody() == null && clientToProxyRequest.getLength() < 0) {
      PeekedRequestContent.ifBodyFollows(clientToProxyRequest).ifPresent(proxyToServerRequest::body);
    }
    super.sendProxyToServerRequest(clientToProxyRequest, proxyToServerRequest, proxyToClientResponse, proxyToClientCallback);
  }

  @Override
  protected Response.CompleteListener newServerToProxyResponseListener(
      org.eclipse.jetty.server.Request clientToProxyRequest,
      Request proxyToServerRequest,
      org.eclipse.jetty.server.Response proxyToClientResponse,
      Callback proxyToClientCallback) {
    return new ProxyResponseListener(clientToProxyRequest, proxyToServerRequest, proxyToClientResponse, proxyToClientCallback) {
      @Override
      public void onHeaders(Response serverToProxyResponse) {
        super.onHeaders(serverToProxyResponse);
        // Jetty drops the fixed hop-by-hop list; what the backend's Connection header names goes too
        HopByHopHeaders.of(serverToProxyResponse.getHeaders()).removeListed(proxyToClientResponse.getHeaders());
      }
    };
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
