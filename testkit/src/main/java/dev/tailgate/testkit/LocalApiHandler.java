package dev.tailgate.testkit;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The request rules of tailscaled's {@code ipnserver} and {@code localapi.Handler} (spec §1.4), in
 * their order: record, (slow), reason header, Host/Referer/Origin, LocalAPI headers, token auth on
 * TCP, route, permission and fault switches, endpoint.
 */
final class LocalApiHandler extends Handler.Abstract {
  static final String LOCALAPI_HOST = "local-tailscaled.sock";
  private static final String ROOT_HTML =
      "<html><title>Tailscale</title><body><h1>Tailscale</h1>This is the local Tailscale daemon.\n";
  private static final String CSP =
      "default-src 'none'; frame-ancestors 'none'; script-src 'none'; "
          + "script-src-elem 'none'; script-src-attr 'none'";

  private final FakeTailnet tailnet;
  private final Faults faults;
  private final RequestLog log;
  private final Map<LocalApiRoute, Endpoint> endpoints;
  private final Supplier<String> tcpToken;
  private final Map<String, String> localApiHeaders;
  private final IpnBus bus;

  /** What {@link #localApiReply} answers when the request becomes a stream instead. */
  private static final Reply STREAM = new Reply(200, Map.of(), new byte[0]);

  LocalApiHandler(
      FakeTailnet tailnet,
      Faults faults,
      RequestLog log,
      Map<LocalApiRoute, Endpoint> endpoints,
      Supplier<String> tcpToken,
      IpnBus bus,
      String version,
      int capabilityVersion) {
    this.bus = bus;
    this.tailnet = tailnet;
    this.faults = faults;
    this.log = log;
    this.endpoints = Map.copyOf(endpoints);
    this.tcpToken = tcpToken;
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Tailscale-Version", version);
    headers.put("Tailscale-Cap", Integer.toString(capabilityVersion));
    headers.put("Content-Security-Policy", CSP);
    headers.put("X-Frame-Options", "DENY");
    headers.put("X-Content-Type-Options", "nosniff");
    this.localApiHeaders = Map.copyOf(headers);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Map<String, List<String>> query = query(request);
    log.add(record(request, query));
    Duration delay = faults.slownessFor(request.getHttpURI().getDecodedPath());
    if (delay.isZero()) {
      respond(request, query, response, callback);
    } else {
      getServer()
          .getScheduler()
          .schedule(
              () ->
                  getServer()
                      .getThreadPool()
                      .execute(() -> respond(request, query, response, callback)),
              delay.toNanos(),
              TimeUnit.NANOSECONDS);
    }
    return true;
  }

  private void respond(
      Request request, Map<String, List<String>> query, Response response, Callback callback) {
    try {
      String path = request.getHttpURI().getDecodedPath();
      if (!path.startsWith("/localapi/")) {
        Reply reply =
            path.equals("/") ? Reply.ok("text/html; charset=utf-8", ROOT_HTML) : Reply.notFound();
        GoFraming.write(response, reply, Map.of(), callback);
        return;
      }
      String reason = request.getHeaders().get("X-Tailscale-Reason");
      if (reason != null && !isStandardBase64(reason)) {
        GoFraming.write(response, Reply.error(400, "invalid reason header"), Map.of(), callback);
        return;
      }
      boolean tcp =
          request.getConnectionMetaData().getLocalSocketAddress() instanceof InetSocketAddress;
      if (!isEmpty(request.getHeaders().get("Referer"))
          || !isEmpty(request.getHeaders().get("Origin"))
          || !validHost(request.getHeaders().get("Host"), tcp)) {
        GoFraming.write(response, Reply.error(403, "invalid localapi request"), Map.of(), callback);
        return;
      }
      Reply reply = localApiReply(request, path, query, tcp);
      if (reply == STREAM) {
        bus.serve(
            response, callback, Long.parseUnsignedLong(query.get("mask").get(0)), localApiHeaders);
        return;
      }
      GoFraming.write(response, reply, localApiHeaders, callback);
    } catch (Throwable failure) {
      callback.failed(failure);
    }
  }

  private Reply localApiReply(
      Request request, String path, Map<String, List<String>> query, boolean tcp) {
    if (tcp) {
      Optional<String> password = basicAuthPassword(request.getHeaders().get("Authorization"));
      if (password.isEmpty()) {
        return Reply.error(401, "auth required");
      }
      if (!password.get().equals(tcpToken.get())) {
        return Reply.error(403, "bad password");
      }
    }
    Optional<LocalApiRoute> route = LocalApiRoute.forPath(path);
    if (route.isEmpty()
        || !(endpoints.containsKey(route.get()) || route.get() == LocalApiRoute.WATCH_IPN_BUS)) {
      return Reply.notFound();
    }
    LocalApiRoute endpoint = route.get();
    if (faults.isDenied(endpoint)) {
      return Reply.error(403, endpoint.deniedMessage());
    }
    Optional<String> serverError = faults.serverErrorFor(endpoint);
    if (serverError.isPresent()) {
      return Reply.error(500, serverError.get());
    }
    Optional<String> garbage = faults.garbageFor(endpoint);
    if (garbage.isPresent()) {
      return Reply.ok("application/json", garbage.get());
    }
    if (endpoint == LocalApiRoute.WATCH_IPN_BUS) {
      List<String> mask = query.getOrDefault("mask", List.of());
      String invalid = IpnBus.invalidMask(mask.isEmpty() ? "" : mask.get(0));
      return invalid == null ? STREAM : Reply.error(400, invalid);
    }
    return endpoints
        .get(endpoint)
        .serve(new ApiCall(path, query, faults.apply(tailnet.snapshot())));
  }

  /** tailscaled's {@code validHost}: the TCP (macOS GUI) mode also accepts loopback with a port. */
  private static boolean validHost(String host, boolean tcp) {
    if (host == null || host.isEmpty() || host.equals(LOCALAPI_HOST)) {
      return true;
    }
    if (!tcp) {
      return false;
    }
    int colon = host.lastIndexOf(':');
    if (colon < 0) {
      return false;
    }
    String name = host.substring(0, colon);
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1);
    } else if (name.contains(":")) {
      return false;
    }
    if (name.equals("localhost")) {
      return true;
    }
    return dev.tailgate.testkit.go.GoNetip.parseAddr(name)
        .map(a -> a.isLoopbackAddress())
        .orElse(false);
  }

  /** Go's {@code Request.BasicAuth}: the password of a well-formed Basic credential. */
  private static Optional<String> basicAuthPassword(String authorization) {
    String prefix = "Basic ";
    if (authorization == null
        || authorization.length() < prefix.length()
        || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
      return Optional.empty();
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(authorization.substring(prefix.length())),
              StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? Optional.empty() : Optional.of(decoded.substring(colon + 1));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Go's {@code base64.StdEncoding}: padding required, CR/LF ignored. */
  private static boolean isStandardBase64(String text) {
    String stripped = text.replace("\r", "").replace("\n", "");
    if (stripped.length() % 4 != 0) {
      return false;
    }
    try {
      Base64.getDecoder().decode(stripped);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isEmpty(String value) {
    return value == null || value.isEmpty();
  }

  private static Map<String, List<String>> query(Request request) {
    Map<String, List<String>> query = new LinkedHashMap<>();
    Fields fields = Request.extractQueryParameters(request);
    for (Fields.Field field : fields) {
      query.put(field.getName(), List.copyOf(field.getValues()));
    }
    return query;
  }

  private static RecordedRequest record(Request request, Map<String, List<String>> query) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (HttpField field : request.getHeaders()) {
      headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
    }
    String transport =
        request.getConnectionMetaData().getLocalSocketAddress() instanceof InetSocketAddress
            ? "tcp"
            : "unix";
    return new RecordedRequest(
        Instant.now(),
        request.getMethod(),
        request.getHttpURI().getDecodedPath(),
        query,
        headers,
        transport);
  }
}
