package dev.tailgate.testkit;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Transport;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real HTTP client over the fake's real unix socket, the way tailgate's client talks to
 * tailscaled.
 */
final class LocalApi implements AutoCloseable, AfterAllCallback {
  private final HttpClient client = new HttpClient();

  LocalApi() {
    client.setMaxConnectionsPerDestination(256);
    client.setFollowRedirects(false);
    try {
      client.start();
      // tailscaled answers 401 without WWW-Authenticate (TCP mode), which Jetty's
      // authentication handler rejects as a protocol violation
      client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** As a static {@code @RegisterExtension}: one client per test class, closed after it. */
  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** {@code GET http://local-tailscaled.sock<pathAndQuery>} over the socket. */
  ContentResponse get(Path socket, String pathAndQuery) {
    return get(socket, pathAndQuery, h -> {});
  }

  ContentResponse get(Path socket, String pathAndQuery, Consumer<HttpFields.Mutable> headers) {
    return send(request(socket, pathAndQuery).headers(headers));
  }

  Request request(Path socket, String pathAndQuery) {
    return client
        .newRequest(URI.create("http://local-tailscaled.sock" + pathAndQuery))
        .transport(new Transport.TCPUnix(socket))
        .timeout(20, TimeUnit.SECONDS);
  }

  /** Over loopback TCP (macOS GUI mode). */
  ContentResponse getTcp(int port, String pathAndQuery, Consumer<HttpFields.Mutable> headers) {
    return send(
        client
            .newRequest(URI.create("http://127.0.0.1:" + port + pathAndQuery))
            .headers(headers)
            .timeout(20, TimeUnit.SECONDS));
  }

  static ContentResponse send(Request request) {
    try {
      return request.send();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
