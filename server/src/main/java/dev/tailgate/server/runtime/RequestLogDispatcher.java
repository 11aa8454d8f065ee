package dev.tailgate.server.runtime;

import dev.tailgate.server.http.AccessGate;
import dev.tailgate.server.http.BackendFailurePage;
import dev.tailgate.server.http.FrontDoor;
import dev.tailgate.server.http.Site;
import dev.tailgate.server.log.AccessLogger;
import dev.tailgate.server.log.LogEntry;
import dev.tailgate.server.metrics.TailgateMetrics;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/**
 * Jetty's request log hook, sending each finished request to its virtual host's {@code CustomLog}s.
 * The user ({@code %u}) is whatever the access gate put in {@link AccessGate#USER_ATTRIBUTE}.
 */
public final class RequestLogDispatcher implements RequestLog {
  private final TailgateMetrics metrics;

  /**
   * @param metrics counts every request, logged or not
   */
  public RequestLogDispatcher(TailgateMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void log(Request request, Response response) {
    Object site = request.getAttribute(FrontDoor.SITE_ATTRIBUTE);
    String vhost = site instanceof Site known ? known.serverName() : "-";
    metrics.request(vhost, response.getStatus(), System.nanoTime() - request.getBeginNanoTime());
    if (request.getAttribute(BackendFailurePage.FAILED_ATTRIBUTE) != null) {
      metrics.backendFailure(vhost, response.getStatus());
    }
    if (!(site instanceof Site served) || served.accessLogs().isEmpty()) {
      return;
    }
    LogEntry entry = entry(request, response, served);
    for (AccessLogger logger : served.accessLogs()) {
      logger.log(entry);
    }
  }

  private static LogEntry entry(Request request, Response response, Site site) {
    long beginNanos = request.getBeginNanoTime();
    long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - beginNanos);
    Object user = request.getAttribute(AccessGate.USER_ATTRIBUTE);
    InetSocketAddress local = inet(request.getConnectionMetaData().getLocalSocketAddress());
    InetSocketAddress remote = inet(request.getConnectionMetaData().getRemoteSocketAddress());
    int localPort = local == null ? 0 : local.getPort();
    int hostPort = request.getHttpURI().getPort();
    String client = Request.getRemoteAddr(request);
    return new LogEntry(
        client,
        client,
        local == null ? "-" : local.getAddress().getHostAddress(),
        localPort,
        remote == null ? 0 : remote.getPort(),
        hostPort > 0 ? hostPort : localPort,
        user == null ? null : user.toString(),
        Instant.ofEpochMilli(Request.getTimeStamp(request)),
        micros,
        request.getMethod(),
        request.getHttpURI().getPath(),
        request.getHttpURI().getQuery(),
        request.getConnectionMetaData().getProtocol(),
        response.getStatus(),
        Response.getContentBytesWritten(response),
        site.serverName(),
        request.getHttpURI().getHost(),
        name -> header(request.getHeaders(), name),
        name -> header(response.getHeaders(), name));
  }

  /**
   * A header by name for {@code %{…}i} and {@code %{…}o}: known names (Referer, User-Agent) compare
   * as Jetty's enum, not as a case-insensitive string against every field of the request.
   */
  private static String header(HttpFields fields, String name) {
    HttpHeader known = HttpHeader.CACHE.get(name);
    return known != null ? fields.get(known) : fields.get(name);
  }

  private static InetSocketAddress inet(SocketAddress address) {
    return address instanceof InetSocketAddress inet ? inet : null;
  }
}
