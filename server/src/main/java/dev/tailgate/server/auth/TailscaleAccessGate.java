package dev.tailgate.server.auth;

import dev.tailgate.auth.identity.IdentityLookup;
import dev.tailgate.auth.identity.IdentityResolver;
import dev.tailgate.auth.identity.WhoisSource;
import dev.tailgate.auth.policy.AccessCheck;
import dev.tailgate.auth.policy.AccessPolicy;
import dev.tailgate.auth.policy.Verdict;
import dev.tailgate.config.model.EffectiveLocation;
import dev.tailgate.localapi.PeerAddress;
import dev.tailgate.server.auth.compile.AccessRules;
import dev.tailgate.server.auth.compile.SiteAuthSettings;
import dev.tailgate.server.http.AccessGate;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * tailscale authentication and httpd's authorization in front of every handler. Every request loses
 * the identity headers its client sent; requests to locations with access rules are decided by
 * {@link AccessCheck} and, when allowed, carry the user ({@code %u}) and the identity headers.
 *
 * <p>No Jetty thread waits for tailscaled: when a whois is needed the decision completes later, and
 * the request continues on the server's executor.
 */
final class TailscaleAccessGate implements AccessGate {
  private static final Logger LOG = LoggerFactory.getLogger(TailscaleAccessGate.class);

  private final LocalApiClients clients;
  private final IdentityResolver resolver;
  private final OutageLog outages = new OutageLog(LOG);
  private final RecentDenials denials;

  TailscaleAccessGate(LocalApiClients clients, IdentityResolver resolver, RecentDenials denials) {
    this.clients = clients;
    this.resolver = resolver;
    this.denials = denials;
  }

  @Override
  public void check(
      Request request,
      Response response,
      Callback callback,
      EffectiveLocation location,
      Continuation next) {
    SiteAuthSettings settings = SiteSettings.of(request);
    AccessPolicy policy =
        location.modules().get(AccessRules.KEY).map(AccessRules::policy).orElse(AccessPolicy.OPEN);
    if (policy.isOpen()) {
      next.proceed(IdentityRequest.of(request, settings.headerNames().stripped(), List.of()));
      return;
    }
    Optional<ConnectionPeer> peer = ConnectionPeer.of(request.getConnectionMetaData());
    WhoisSource source = clients.whois(settings.socket());
    Supplier<CompletableFuture<IdentityLookup>> identity =
        () ->
            peer.isEmpty()
                ? CompletableFuture.completedFuture(IdentityLookup.NOT_A_PEER)
                : resolver.lookup(
                    source,
                    peer.get().key(),
                    peer.get().address(),
                    settings.cacheTimeout(),
                    settings.cacheGrace());
    CompletableFuture<Verdict> decided =
        new AccessCheck(
                policy, peer.flatMap(ConnectionPeer::ip), settings.taggedDevices(), identity)
            .decide();
    if (decided.isDone()) {
      act(decided.join(), request, response, callback, settings, next);
    } else {
      decided.whenCompleteAsync(
          (verdict, failure) -> {
            if (failure != null) {
              Response.writeError(request, response, callback, failure);
            } else {
              act(verdict, request, response, callback, settings, next);
            }
          },
          request.getComponents().getExecutor());
    }
  }

  private void act(
      Verdict verdict,
      Request request,
      Response response,
      Callback callback,
      SiteAuthSettings settings,
      Continuation next) {
    if (verdict instanceof Verdict.Allowed allowed) {
      allowed.user().ifPresent(user -> request.setAttribute(AccessGate.USER_ATTRIBUTE, user));
      next.proceed(
          IdentityRequest.of(
              request,
              settings.headerNames().stripped(),
              EncodedIdentityHeaders.of(request, allowed, settings)));
    } else if (verdict instanceof Verdict.Refused refused) {
      LOG.info("{} for {}: {}", refused.status(), describe(request), refused.reason());
      denials.add(
          new RecentDenials.Denial(
              Instant.now(),
              refused.status(),
              peer(request).map(PeerAddress::format).orElse("a local socket"),
              request.getMethod() + " " + request.getHttpURI().getPath(),
              refused.reason()));
      AccessResponses.refused(response, callback, refused.status());
    } else if (verdict instanceof Verdict.Unavailable unavailable) {
      outages.failed(clients.describe(settings.socket()), unavailable.cause(), describe(request));
      AccessResponses.tailscaledUnreachable(response, callback);
    } else if (verdict instanceof Verdict.Misconfigured misconfigured) {
      LOG.error("500 for {}: {}", describe(request), misconfigured.reason());
      AccessResponses.misconfigured(response, callback);
    }
  }

  private static Optional<InetSocketAddress> peer(Request request) {
    if (request.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress inet
        && inet.getAddress() != null) {
      return Optional.of(inet);
    }
    return Optional.empty();
  }

  private static String describe(Request request) {
    String from = peer(request).map(PeerAddress::format).orElse("a local socket");
    return request.getMethod() + " " + request.getHttpURI().getPathQuery() + " from " + from;
  }
}
