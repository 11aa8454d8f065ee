package dev.tailgate.localapi;

import dev.tailgate.localapi.transport.LocalApiEndpoint;
import dev.tailgate.localapi.transport.LoopbackTcpEndpoint;
import dev.tailgate.localapi.transport.UnixSocketEndpoint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.InputStreamResponseListener;
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

  /** How long a busy or restarting daemon is given, at most, before a connect failure counts. */
  static final Duration RETRY_WINDOW = Duration.ofSeconds(2);

  /**
   * Sends a read-only GET (whois, status), and sends it again when the connection could not be made
   * although the daemon is there (a refused or timed-out connect, a full accept queue, a connection
   * closed before any answer: a restarting or busy tailscaled), after a short jittered pause, for
   * at most {@link #RETRY_WINDOW} from the first failure (and never past {@code timeout}). The
   * window starts at that failure, not when the call was made: a call that waited in this client's
   * queue behind a burst, or whose connect took the whole connect timeout, has spent none of its
   * daemon's grace yet. A missing socket is not retried: that is an outage, not a burst; nor is a
   * stale one for long.
   *
   * @param operation what we were doing, for messages ("whois 100.64.0.1:443")
   * @param timeout total time allowed, retries, connect and read included
   */
  CompletableFuture<LocalApiResponse> get(
      String pathAndQuery, String operation, Duration timeout, int maxBytes) {
    CompletableFuture<LocalApiResponse> result = new CompletableFuture<>();
    attempt(
        pathAndQuery,
        operation,
        timeout,
        System.nanoTime() + timeout.toNanos(),
        RETRY_WINDOW.toNanos(),
        0,
        maxBytes,
        1,
        result);
    return result;
  }

  /**
   * Sends a GET once: for {@code cert/…}, which may start an ACME issuance in tailscaled, so a
   * connection lost after the request went out is not a reason to send it again.
   */
  CompletableFuture<LocalApiResponse> getOnce(
      String pathAndQuery, String operation, Duration timeout, int maxBytes) {
    CompletableFuture<LocalApiResponse> result = new CompletableFuture<>();
    attempt(
        pathAndQuery,
        operation,
        timeout,
        System.nanoTime() + timeout.toNanos(),
        0,
        0,
        maxBytes,
        1,
        result);
    return result;
  }

  /**
   * @param retryWindow how long after the first failure retries may start (0: never)
   * @param retryUntil when they must have started by, set at the first failure (ignored before it)
   */
  private void attempt(
      String pathAndQuery,
      String operation,
      Duration timeout,
      long deadline,
      long retryWindow,
      long retryUntil,
      int maxBytes,
      int attempt,
      CompletableFuture<LocalApiResponse> result) {
    long remaining = Math.max(1, deadline - System.nanoTime());
    send(pathAndQuery, remaining, maxBytes)
        .whenComplete(
            (response, failure) -> {
              if (failure == null) {
                result.complete(response);
                return;
              }
              Throwable cause = ConnectFailures.cause(failure);
              long failedAt = System.nanoTime();
              long until = attempt == 1 ? failedAt + retryWindow : retryUntil;
              Duration pause = ConnectRetry.pause(attempt);
              long retryAt = failedAt + pause.toNanos();
              if (ConnectFailures.worthRetrying(cause, endpoint)
                  && retryAt - until < 0
                  && retryAt - deadline < 0) {
                http.getScheduler()
                    .schedule(
                        () ->
                            attempt(
                                pathAndQuery,
                                operation,
                                timeout,
                                deadline,
                                retryWindow,
                                until,
                                maxBytes,
                                attempt + 1,
                                result),
                        pause.toNanos(),
                        TimeUnit.NANOSECONDS);
                return;
              }
              LocalApiException translated = translate(cause, operation, timeout, maxBytes);
              result.completeExceptionally(
                  attempt == 1 ? translated : ConnectRetry.afterAttempts(translated, attempt));
            });
  }

  private CompletableFuture<LocalApiResponse> send(
      String pathAndQuery, long timeoutNanos, int maxBytes) {
    Request request = request(pathAndQuery).timeout(timeoutNanos, TimeUnit.NANOSECONDS);
    request.idleTimeout(timeoutNanos, TimeUnit.NANOSECONDS);
    return new CompletableResponseListener(request, maxBytes)
        .send()
        .thenApply(
            response ->
                new LocalApiResponse(
                    response.getStatus(),
                    response.getHeaders().get(HttpHeader.CONTENT_TYPE),
                    response.getContent(),
                    Optional.ofNullable(response.getHeaders().get(HttpHeader.RETRY_AFTER))));
  }

  /**
   * Opens a response that never ends on its own ({@code watch-ipn-bus}): no total timeout and no
   * idle timeout, since the daemon may say nothing for hours. Waits at most {@code connectTimeout}
   * for the status line.
   */
  OpenStream stream(String pathAndQuery, String operation, Duration connectTimeout)
      throws LocalApiException {
    InputStreamResponseListener listener = new InputStreamResponseListener();
    Request request = request(pathAndQuery).idleTimeout(0, TimeUnit.MILLISECONDS);
    request.send(listener);
    org.eclipse.jetty.client.Response response;
    try {
      response = listener.get(connectTimeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      request.abort(e);
      throw new LocalApiException("interrupted while opening " + operation, 0, e);
    } catch (TimeoutException | ExecutionException e) {
      request.abort(e);
      throw translate(ConnectFailures.cause(e), operation, connectTimeout, 0);
    }
    return new OpenStream(
        response.getStatus(),
        response.getHeaders().get(HttpHeader.CONTENT_TYPE),
        listener.getInputStream(),
        // an IOException, so a read waiting on the stream ends the way a broken stream does (Jetty
        // hands a reader the abort's cause as it is: an unchecked one escaped the watch thread)
        () -> request.abort(new AsynchronousCloseException()));
  }

  /** A response whose body is still arriving. */
  record OpenStream(int status, String contentType, InputStream body, Runnable abort) {}

  private Request request(String pathAndQuery) {
    Request request = http.newRequest(origin + "/localapi/v0/" + pathAndQuery).transport(transport);
    if (authorization != null) {
      request.headers(h -> h.put(HttpHeader.AUTHORIZATION, authorization));
    }
    return request;
  }

  private LocalApiException translate(
      Throwable cause, String operation, Duration timeout, int maxBytes) {
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
      if (ConnectFailures.isRefused(cause)) {
        return prefix
            + "nothing is listening on "
            + path
            + " (connection refused): tailscaled has"
            + " stopped or is restarting; check `systemctl status tailscaled`";
      }
      return prefix + "the connection to " + path + " failed: " + describe(cause);
    }
    if (ConnectFailures.isRefused(cause)) {
      return prefix
          + "nothing is listening on "
          + endpoint.describe()
          + " (connection refused); is the"
          + " Tailscale app running?";
    }
    return prefix + "the connection to " + endpoint.describe() + " failed: " + describe(cause);
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
