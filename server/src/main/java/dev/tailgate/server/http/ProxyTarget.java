package dev.tailgate.server.http;

import dev.tailgate.config.model.HeaderAction;
import dev.tailgate.config.syntax.SourceLocation;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.Request;

/**
 * Where the proxy sends this request and what it adds, decided by the front door and handed to
 * {@link ReverseProxy} or {@link WebSocketTunnel} as a request attribute (each is one shared
 * handler; the route differs per request).
 *
 * @param uri the backend URI, built by {@link dev.tailgate.config.model.ProxyRoute#uri}
 * @param configuredAt the {@code ProxyPass} line, for failure messages (formatted only then)
 * @param preserveHost {@code ProxyPreserveHost}: send the client's Host instead of the backend's
 * @param requestHeaders the location's {@code RequestHeader} actions, applied after hop-by-hop
 *     removal
 * @param adminHeaders the names those actions write, which no client header may shadow
 * @param underscoresAllowed {@code UnderscoresInHeaders on}
 */
record ProxyTarget(
    String uri,
    boolean preserveHost,
    Duration timeout,
    SourceLocation configuredAt,
    List<HeaderAction> requestHeaders,
    AdminHeaderNames adminHeaders,
    boolean underscoresAllowed) {
  static final String ATTRIBUTE = ProxyTarget.class.getName();

  static ProxyTarget of(Request request) {
    return (ProxyTarget) request.getAttribute(ATTRIBUTE);
  }
}
