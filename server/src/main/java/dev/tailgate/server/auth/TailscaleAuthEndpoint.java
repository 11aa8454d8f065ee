package dev.tailgate.server.auth;

import dev.tailgate.auth.identity.IdentityLookup;
import dev.tailgate.auth.identity.IdentityResolver;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.server.auth.compile.SiteAuthSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code SetHandler tailscale-auth}: a drop-in for tailscale's nginx-auth helper behind nginx's
 * {@code auth_request} (or Caddy's {@code forward_auth}). The proxy names its client in {@code
 * Remote-Addr} and {@code Remote-Port}; those headers are believed, so the endpoint answers only
 * proxies on this machine (loopback or a unix socket) and refuses everyone else with 403.
 */
final class TailscaleAuthEndpoint extends Handler.Abstract.NonBlocking {
  static final String NAME = "tailscale-auth";
  private static final Logger LOG = LoggerFactory.getLogger(TailscaleAuthEndpoint.class);
  private static final Pattern IP_LITERAL =
      Pattern.compile("[0-9.]+|\\[?[0-9A-Fa-f:.]+(%[\\w.]+)?]?");

  private final LocalApiClients clients;
  private final IdentityResolver resolver;

  TailscaleAuthEndpoint(LocalApiClients clients, IdentityResolver resolver) {
    this.clients = clients;
    this.resolver = resolver;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!fromThisMachine(request)) {
      LOG.warn(
          "403 for {}: the tailscale-auth endpoint only answers proxies on this machine",
          request.getConnectionMetaData().getRemoteSocketAddress());
      answer(response, callback, new NginxAuthAnswer(403, Map.of(), "not a local proxy"));
      return true;
    }
    String addr = request.getHeaders().get("Remote-Addr");
    String port = request.getHeaders().get("Remote-Port");
    if (addr == null || addr.isEmpty() || port == null || port.isEmpty()) {
      answer(
          response,
          callback,
          new NginxAuthAnswer(400, Map.of(), "Remote-Addr or Remote-Port missing"));
      return true;
    }
    Optional<InetSocketAddress> client = parse(addr, port);
    if (client.isEmpty()) {
      answer(
          response,
          callback,
          new NginxAuthAnswer(401, Map.of(), "can't parse " + addr + ":" + port));
      return true;
    }
    SiteAuthSettings settings = SiteSettings.of(request);
    CompletableFuture<IdentityLookup> lookup =
        resolver.lookup(
            clients.whois(settings.socket()),
            client.get(),
            // nginx describes its client; the connection here is nginx's own
            Optional.empty(),
            settings.cacheTimeout(),
            settings.cacheGrace());
    Optional<String> expected =
        Optional.ofNullable(request.getHeaders().get("Expected-Tailnet")).filter(s -> !s.isEmpty());
    lookup.whenCompleteAsync(
        (result, failure) -> {
          // a lookup that failed outright is an outage (503), never "not a peer" (401)
          NginxAuthAnswer answer =
              NginxAuthAnswer.decide(
                  failure == null
                      ? result
                      : new IdentityLookup.Failed(LocalApiClient.unwrap(failure)),
                  expected,
                  settings.taggedDevices());
          if (answer.status() == 503) {
            LOG.error(
                "503 from tailscale-auth for {}:{}: {}; check that tailscaled is running and AuthTailscaleURL names"
                    + " its socket",
                addr,
                port,
                answer.reason());
          } else if (answer.status() != 204) {
            LOG.info(
                "{} from tailscale-auth for {}:{}: {}",
                answer.status(),
                addr,
                port,
                answer.reason());
          }
          answer(response, callback, answer);
        },
        request.getComponents().getExecutor());
    return true;
  }

  private static void answer(Response response, Callback callback, NginxAuthAnswer answer) {
    response.setStatus(answer.status());
    answer.headers().forEach((name, value) -> response.getHeaders().put(name, value));
    response.write(true, null, callback);
  }

  private static boolean fromThisMachine(Request request) {
    if (request.getConnectionMetaData().getRemoteSocketAddress()
        instanceof InetSocketAddress inet) {
      return inet.getAddress() != null && inet.getAddress().isLoopbackAddress();
    }
    return true;
  }

  /** Literal addresses only: a name here would cost a DNS lookup on a request thread. */
  private static Optional<InetSocketAddress> parse(String addr, String port) {
    if (!IP_LITERAL.matcher(addr).matches()
        || !port.matches("\\d{1,5}")
        || Integer.parseInt(port) > 65535) {
      return Optional.empty();
    }
    try {
      String literal =
          addr.startsWith("[") && addr.endsWith("]") ? addr.substring(1, addr.length() - 1) : addr;
      return Optional.of(
          new InetSocketAddress(InetAddress.getByName(literal), Integer.parseInt(port)));
    } catch (UnknownHostException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
