package dev.tailgate.server.http;

import java.time.Duration;

/**
 * Where the proxy sends this request, decided by the front door and handed to {@link ReverseProxy}
 * as a request attribute (the proxy is one shared handler; the route differs per request).
 *
 * @param uri the backend URI, path mapped and query appended
 * @param preserveHost {@code ProxyPreserveHost}: send the client's Host instead of the backend's
 */
record ProxyTarget(String uri, boolean preserveHost, Duration timeout, String configuredAt) {
  static final String ATTRIBUTE = ProxyTarget.class.getName();
}
