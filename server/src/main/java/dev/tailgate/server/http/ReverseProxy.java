package dev.tailgate.server.http;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * pages that name the backend.
 *
 * <p>X-Forwarded-For is replaced, not appended to: tailgate is the edge, and a backend that trusts
 * the header must not see what a client wrote into it.
 */
public final class ReverseProxy extends ProxyHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ReverseProxy.class);

  @Override
  protected HttpURI rewriteHttpURI(org.eclipse.jetty.server.Request clientToProxyRequest) {
    return HttpURI.from(target(clientToProxyRequest).uri());
  }

  @Override
  protected Request newProxyToServerRequest(org.eclipse.jetty.server.Request clientToProxyRequest, HttpURI newHttpURI) {
    ProxyTarget target = target(clientToProxyRequest);
    Request request = super.newProxyToServerRequest(clientToProxyRequest, newHttpURI);
    long millis = target.timeout().toMillis();
    request.idleTimeout(millis, TimeUnit.MILLISECONDS);
    return request;
  }

  @Override
  protected void copyRequestHeaders(org.eclipse.jetty.server.Request clientToProxyRequest, Request proxyToServerRequest) {
    super.copyRequestHeaders(clientToProxyRequest, proxyToServerRequest);
    ProxyTarget target = target(clientToProxyRequest);
    String host = clientToProxyRequest.getHttpURI().getAuthority();
    proxyToServerRequest.headers(
        headers -> {
          headers.remove(HttpHeader.X_FORWARDED_FOR);
          headers.remove(HttpHeader.X_FORWARDED_PROTO);
          headers.remove(HttpHeader.X_FORWARDED_HOST);
          headers.remove(HttpHeader.X_FORWARDED_PORT);
          headers.remove(HttpHeader.X_FORWARDED_SERVER);
          headers.remove(HttpHeader.FORWARDED);
          if (target.preserveHost() && host != null) {
            headers.put(HttpHeader.HOST, host);
          } else {
            headers.remove(HttpHeader.HOST);
          }
        });
  }

  @Override
  protected void addProxyHeaders(org.eclipse.jetty.server.Request clientToProxyRequest, Request proxyToServerRequest) {
    String client = org.eclipse.jetty.server.Request.getRemoteAddr(clientToProxyRequest);
    String proto = clientToProxyRequest.isSecure() ? "https" : "http";
    String host = clientToProxyRequest.getHttpURI().getAuthority();
    proxyToServerRequest.headers(
        headers -> {
          headers.put(HttpHeader.X_FORWARDED_FOR, client);
          headers.put(HttpHeader.X_FORWARDED_PROTO, proto);
          if (host != null) {
            headers.put(HttpHeader.X_FORWARDED_HOST, host);
          }
        });
  }

  @Override
  protected void onServerToProxyResponseFailure(
      org.eclipse.jetty.server.Request clientToProxyRequest,
      Request proxyToServerRequest,
      Response serverToProxyResponse,
      org.eclipse.jetty.server.Response proxyToClientResponse,
      Callback proxyToClientCallback,
      Throwable failure) {
    ProxyTarget target = target(clientToProxyRequest);
    String backend = origin(target.uri());
    boolean timedOut = failure instanceof TimeoutException || failure.getCause() instanceof TimeoutException;
    LOG.warn("proxy to {} failed for {} {}: {} (ProxyPass at {})", backend, clientToProxyRequest.getMethod(),
        clientToProxyRequest.getHttpURI().getPathQuery(), failure.toString(), target.configuredAt());
    if (proxyToClientResponse.isCommitted()) {
      proxyToClientCallback.failed(failure);
      return;
    }
    proxyToClientResponse.reset();
    if (timedOut) {
      ErrorPages.send(proxyToClientResponse, proxyToClientCallback, 504,
          "The backend " + backend + " did not answer within " + target.timeout().toSeconds()
              + " seconds (ProxyTimeout).");
    } else {
      ErrorPages.send(proxyToClientResponse, proxyToClientCallback, 502,
          "The backend " + backend + " could not be reached: " + describe(failure) + ".");
    }
  }

  private static String describe(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }

  private static String origin(String uri) {
    try {
      URI parsed = URI.create(uri);
      return parsed.getScheme() + "://" + parsed.getRawAuthority();
    } catch (IllegalArgumentException e) {
      return uri;
    }
  }

  private static ProxyTarget target(org.eclipse.jetty.server.Request request) {
    return (ProxyTarget) request.getAttribute(ProxyTarget.ATTRIBUTE);
  }
}
