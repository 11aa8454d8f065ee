package dev.tailgate.server.http;

import java.time.Duration;
import org.eclipse.jetty.server.Request;

/**
 * Where the proxy sends this request, decided by the front door and handed to {@link ReverseProxy}
 * or {@link WebSocketTunnel} as a request attribute (each is one shared handler; the route differs
 * per request).
 *
 * @param uri the backend URI, path mapped and query appended
 * @param preserveHost {@code ProxyPreserveHost}: send the client's Host instead of the backend's
 */
record ProxyTarget(String uri, boolean preserveHost, Duration timeout, String configuredAt) {
  static final String ATTRIBUTE = ProxyTarget.class.getName();

  static ProxyTarget of(Request request) {
    return (ProxyTarget) request.getAttribute(ATTRIBUTE);
  }
}
