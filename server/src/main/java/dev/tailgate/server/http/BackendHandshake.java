package dev.tailgate.server.http;

import java.net.URI;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.websocket.core.Configuration;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

/**
 * The upgrade request tailgate sends to a WebSocket backend on behalf of a client. It carries what
 * a proxied HTTP request would, built by the same {@link BackendRequestHeaders} (the client's
 * end-to-end headers, the identity headers, {@code RequestHeader} actions, {@code X-Forwarded-*},
 * the Host chosen by {@code ProxyPreserveHost}), the mapped path and query, and {@code
 * ProxyTimeout} for the handshake. The client's handshake headers themselves stay behind: the two
 * WebSocket connections are negotiated separately, except for the sub-protocol, which is offered to
 * the backend so the client gets the backend's choice.
 */
final class BackendHandshake {
  private static final Set<HttpHeader> OWN_HANDSHAKE =
      EnumSet.of(
          HttpHeader.HOST,
          HttpHeader.CONTENT_LENGTH,
          HttpHeader.SEC_WEBSOCKET_KEY,
          HttpHeader.SEC_WEBSOCKET_VERSION,
          HttpHeader.SEC_WEBSOCKET_EXTENSIONS,
          HttpHeader.SEC_WEBSOCKET_ACCEPT,
          HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL);

  private BackendHandshake() {}

  static CoreClientUpgradeRequest create(
      WebSocketCoreClient client, Request request, ProxyTarget target, FrameHandler handler) {
    CoreClientUpgradeRequest upgrade =
        CoreClientUpgradeRequest.from(client, webSocketUri(target.uri()), handler);
    upgrade.headers(
        headers -> BackendRequestHeaders.build(request, target, OWN_HANDSHAKE, headers));
    upgrade.setSubProtocols(
        request.getHeaders().getCSV(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL, true));
    upgrade.timeout(target.timeout().toMillis(), TimeUnit.MILLISECONDS);
    Configuration.ConfigurationCustomizer session = new Configuration.ConfigurationCustomizer();
    session.setIdleTimeout(target.timeout());
    upgrade.setConfiguration(session);
    return upgrade;
  }

  /**
   * {@code http://backend/x} as {@code ws://backend/x}: ProxyPass names the backend's HTTP origin.
   */
  static URI webSocketUri(String httpUri) {
    if (httpUri.regionMatches(true, 0, "https:", 0, 6)) {
      return URI.create("wss:" + httpUri.substring(6));
    }
    return URI.create("ws:" + httpUri.substring(httpUri.indexOf(':') + 1));
  }
}
