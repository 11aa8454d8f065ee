package dev.tailgate.localapi;

import dev.tailgate.localapi.transport.LocalApiEndpoint;
import dev.tailgate.localapi.transport.LoopbackTcpEndpoint;
import dev.tailgate.localapi.transport.UnixSocketEndpoint;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Transport;

/**
 * Sends one HTTP request to tailscaled and reads the whole, size-limited answer. It owns the rules
 * every request must follow (Host {@code local-tailscaled.sock}, no Origin or Referer, Basic auth
 * with an empty user on token transports) and turns transport failures into messages that name the
 * endpoint, because "connection refused" alone does not say which socket to look at.
 */
final class LocalApiExchange {
  /** The Host tailscaled demands; it also appears in every URI we send. */
  static final String HOST = "local-tailscaled.sock";

  private final HttpClient http;
  private final LocalApiEndpoint endpoint;
  private final Transport transport;
  private final String origin;
  private final String authorization;

  LocalApiExchange(HttpClient http, LocalApiEndpoint endpoint) {
    this.http = http;
    this.endpoint = endpoint;
    if (endpoint instanceof UnixSocketEndpoint unix) {
      this.transport = new Transport.TCPUnix(unix.path());
      this.origin = "http://" + HOST;
      this.authorization = null;
    } else {
      LoopbackTcpEndpoint tcp = (LoopbackTcpEndpoint) endpoint;
      this.transport = Transport.TCP_IP;
      this.origin = "http://127.0.0.1:" + tcp.port();
      this.authorization =
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((":" + tcp.token()).getBytes(StandardCharsets.UTF_8));
    }
  }

  LocalApiEndpoint endpoint() {
    return endpoint;
  }

  /**
   * @param operation what we were doing, for messages ("whois 100.64.0.1:443")
   * @param timeout total time allowed, connect and read included
   */
  CompletableFuture<LocalApiResponse> get(
      String pathAndQuery, String operation, Duration timeout, int maxBytes) {
    Request request =
        http.newRequest(origin + "/localapi/v0/" + pathAndQuery)
            .transport(transport)
            .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .idleTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (authorization != null) {
      request.headers(h -> h.put(HttpHeader.AUTHORIZATION, authorization));
    }
    CompletableFuture<ContentResponse> sent =
        new CompletableResponseListener(request, maxBytes).send();
    return sent.handle(
        (response, failure) -> {
          if (failure != null) {
            throw new CompletionException(translate(failure, operation, timeout, maxBytes));
          }
          return new LocalApiResponse(
              response.getStatus(),
              response.getHeaders().get(HttpHeader.CONTENT_TYPE),
              response.getContent(),
              Optional.ofNullable(response.getHeaders().get(HttpHeader.RETRY_AFTER)));
        });
  }

  private LocalApiException translate(
      Throwable failure, String operation, Duration timeout, int maxBytes) {
    Throwable cause =
        failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause()
            : failure;
    if (cause instanceof TimeoutException) {
      return new LocalApiTimeoutException(
          "tailscaled did not answer "
              + operation
              + " within "
              + timeout.toMillis()
              + " ms ("
              + endpoint.describe()
              + ")",
          timeout,
          cause);
    }
    if (cause instanceof IllegalArgumentException
        && String.valueOf(cause.getMessage()).contains("capacity")) {
      return new BadResponseException(
          "tailscaled's answer to "
              + operation
              + " is larger than the "
              + maxBytes
              + " bytes tailgate accepts; refusing it",
          0,
          cause);
    }
    if (cause instanceof RejectedExecutionException) {
      return new DaemonUnavailableException(
          "too many requests to tailscaled are waiting ("
              + endpoint.describe()
              + "); it is slow or stuck",
          cause);
    }
    return new DaemonUnavailableException(unreachable(operation, cause), cause);
  }

  /** A diagnosis of why the connection failed, with the check a person should make. */
  private String unreachable(String operation, Throwable cause) {
    String prefix = "cannot reach tailscaled for " + operation + ": ";
    if (endpoint instanceof UnixSocketEndpoint unix) {
      Path path = unix.path();
      if (!Files.exists(path)) {
        return prefix
            + "the socket "
            + path
            + " does not exist ("
            + unix.origin()
            + "). Is tailscaled"
            + " running (`systemctl status tailscaled`)? If it uses another socket, set it with"
            + " --socket, AuthTailscaleURL / MDCertificateAuthority, or $TS_SOCKET";
      }
      if (!Files.isDirectory(path) && Files.isRegularFile(path)) {
        return prefix
            + path
            + " is a regular file, not tailscaled's socket; check the configured path";
      }
      if (isRefused(cause)) {
        return prefix
            + "nothing is listening on "
            + path
            + " (connection refused): tailscaled has"
            + " stopped or is restarting; check `systemctl status tailscaled`";
      }
      return prefix + "the connection to " + path + " failed: " + describe(cause);
    }
    if (isRefused(cause)) {
      return prefix
          + "nothing is listening on "
          + endpoint.describe()
          + " (connection refused); is the"
          + " Tailscale app running?";
    }
    return prefix + "the connection to " + endpoint.describe() + " failed: " + describe(cause);
  }

  private static boolean isRefused(Throwable cause) {
    return cause instanceof ConnectException
        || String.valueOf(cause.getMessage())
            .toLowerCase(java.util.Locale.ROOT)
            .contains("refused");
  }

  private static String describe(Throwable cause) {
    if (cause instanceof EOFException || cause instanceof ClosedChannelException) {
      return "tailscaled closed the connection before answering";
    }
    if (cause instanceof SocketException || cause instanceof IOException) {
      return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
    return String.valueOf(cause);
  }
}
