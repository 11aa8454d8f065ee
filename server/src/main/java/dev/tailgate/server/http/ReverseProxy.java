package dev.tailgate.server.http;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reverse proxy (Jetty's {@link ProxyHandler}: bodies stream both ways, hop-by-hop headers are
 * dropped) with httpd's conventions on top: {@code X-Forwarded-For/-Proto/-Host} instead of Jetty's
 * {@code Forwarded} and {@code Via}, {@code ProxyPreserveHost}, {@code ProxyTimeout}, and 502/504
 * pages that name the backend. WebSocket upgrades never get here: {@link WebSocketTunnel} takes
 * them.
 */
public final class ReverseProxy extends ProxyHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ReverseProxy.class);
  private static final String CLIENT_GONE = ReverseProxy.class.getName() + ".clientGone";

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

  /**
   * Jetty waits for the backend's {@code 100 Continue} before reading the body of a request that
   * expects one, and a backend that never sends it held the request for the whole timeout. tailgate
   * answers the client's {@code Expect} itself (Jetty's server sends the 100 on the first read), so
   * the proxy sees the request without it, and the backend never gets it.
   */
  @Override
  public boolean handle(
      org.eclipse.jetty.server.Request request,
      org.eclipse.jetty.server.Response response,
      Callback callback) {
    return super.handle(WithoutExpect.of(request), response, callback);
  }

  @Override
  protected HttpURI rewriteHttpURI(org.eclipse.jetty.server.Request clientToProxyRequest) {
    return HttpURI.from(ProxyTarget.of(clientToProxyRequest).uri());
  }

  @Override
  protected Request newProxyToServerRequest(
      org.eclipse.jetty.server.Request clientToProxyRequest, HttpURI newHttpURI) {
    ProxyTarget target = ProxyTarget.of(clientToProxyRequest);
    Request request = super.newProxyToServerRequest(clientToProxyRequest, newHttpURI);
    long millis = target.timeout().toMillis();
    request.idleTimeout(millis, TimeUnit.MILLISECONDS);
    return request;
  }

  /** All of it is ours: see {@link BackendRequestHeaders} for the order and why it matters. */
  @Override
  protected void copyRequestHeaders(
      org.eclipse.jetty.server.Request clientToProxyRequest, Request proxyToServerRequest) {
    ProxyTarget target = ProxyTarget.of(clientToProxyRequest);
    proxyToServerRequest.headers(
        headers -> BackendRequestHeaders.build(clientToProxyRequest, target, Set.of(), headers));
  }

  /** {@code X-Forwarded-*} are set with the other headers, after the client's were filtered. */
  @Override
  protected void addProxyHeaders(
      org.eclipse.jetty.server.Request clientToProxyRequest, Request proxyToServerRequest) {}

  /**
   * Jetty forwards a body only if the request announces one (a length, or chunked), and HTTP/2
   * announces neither for a body of unknown length: such an upload reached the backend empty.
   * Reading once tells the two cases apart without waiting: a request without a body has already
   * ended.
   */
  @Override
  protected void sendProxyToServerRequest(
      org.eclipse.jetty.server.Request clientToProxyRequest,
      Request proxyToServerRequest,
      org.eclipse.jetty.server.Response proxyToClientResponse,
      Callback proxyToClientCallback) {
    if (proxyToServerRequest.getBody() == null && clientToProxyRequest.getLength() < 0) {
      PeekedRequestContent.ifBodyFollows(clientToProxyRequest)
          .ifPresent(proxyToServerRequest::body);
    }
    super.sendProxyToServerRequest(
        clientToProxyRequest, proxyToServerRequest, proxyToClientResponse, proxyToClientCallback);
  }

  @Override
  protected Response.CompleteListener newServerToProxyResponseListener(
      org.eclipse.jetty.server.Request clientToProxyRequest,
      Request proxyToServerRequest,
      org.eclipse.jetty.server.Response proxyToClientResponse,
      Callback proxyToClientCallback) {
    return new ProxyResponseListener(
        clientToProxyRequest, proxyToServerRequest, proxyToClientResponse, proxyToClientCallback) {
      /**
       * Jetty's copy, except that a write the client can no longer take is marked as the client's
       * doing: the failure then aborts the backend exchange as before, but is not reported as the
       * backend's (a client that closes right after its response is no backend failure).
       */
      @Override
      public void onContent(
          Response serverToProxyResponse, Content.Chunk chunk, Runnable demander) {
        chunk.retain();
        proxyToClientResponse.write(
            false,
            chunk.getByteBuffer(),
            Callback.from(
                Invocable.InvocationType.NON_BLOCKING,
                () -> {
                  chunk.release();
                  demander.run();
                },
                failure -> {
                  chunk.release();
                  clientToProxyRequest.setAttribute(CLIENT_GONE, Boolean.TRUE);
                  serverToProxyResponse.abort(failure);
                }));
      }

      @Override
      public void onHeaders(Response serverToProxyResponse) {
        super.onHeaders(serverToProxyResponse);
        // Jetty drops the fixed hop-by-hop list; what the backend's Connection header names goes
        // too
        HopByHopHeaders.of(serverToProxyResponse.getHeaders())
            .removeListed(proxyToClientResponse.getHeaders());
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
    if (clientToProxyRequest.getAttribute(CLIENT_GONE) != null) {
      // nginx's 499: the client went away; the backend did nothing wrong
      LOG.debug(
          "client went away during {} {}: {}",
          clientToProxyRequest.getMethod(),
          clientToProxyRequest.getHttpURI().getPathQuery(),
          failure.toString());
      proxyToClientCallback.failed(failure);
      return;
    }
    // a malformed request from the client (a broken chunked body, say) is its fault, not the
    // backend's
    Optional<HttpException> clientError = ClientFailures.badRequest(failure);
    if (clientError.isPresent()) {
      LOG.info(
          "400 for {} {}: {}",
          clientToProxyRequest.getMethod(),
          clientToProxyRequest.getHttpURI().getPathQuery(),
          clientError.get().getReason());
    } else {
      LOG.warn(
          "proxy to {} failed for {} {}: {} (ProxyPass at {})",
          BackendFailurePage.origin(target.uri()),
          clientToProxyRequest.getMethod(),
          clientToProxyRequest.getHttpURI().getPathQuery(),
          failure.toString(),
          target.configuredAt());
    }
    if (proxyToClientResponse.isCommitted()) {
      proxyToClientCallback.failed(failure);
      return;
    }
    proxyToClientResponse.reset();
    if (clientError.isPresent()) {
      ErrorPages.send(
          proxyToClientResponse, proxyToClientCallback, 400, "The request's body was malformed.");
    } else {
      BackendFailurePage.send(proxyToClientResponse, proxyToClientCallback, target, failure);
    }
  }
}
