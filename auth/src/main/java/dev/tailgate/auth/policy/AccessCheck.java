package dev.tailgate.auth.policy;

import dev.tailgate.auth.identity.Identity;
import dev.tailgate.auth.identity.IdentityLookup;
import java.net.InetAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * httpd's request flow for access control ({@code ap_process_request_internal}): a first pass
 * without a user; authentication only when a rule answered DENIED_NO_USER; a second pass with the
 * user. That order is why {@code Require tailscale-user} alone never sets REMOTE_USER and why its
 * failures are 403, while {@code Require valid-user} failures are 401.
 *
 * <p>The whois is done at most once and only when needed: up front when a rule reads the identity,
 * otherwise only if authentication runs.
 */
public final class AccessCheck {
  private final AccessPolicy policy;
  private final Optional<InetAddress> client;
  private final TaggedDevices taggedDevices;
  private final Supplier<CompletableFuture<IdentityLookup>> identity;

  /**
   * @param identity starts the (cached) whois; called at most once
   */
  public AccessCheck(
      AccessPolicy policy,
      Optional<InetAddress> client,
      TaggedDevices taggedDevices,
      Supplier<CompletableFuture<IdentityLookup>> identity) {
    this.policy = policy;
    this.client = client;
    this.taggedDevices = taggedDevices;
    this.identity = identity;
  }

  public CompletableFuture<Verdict> decide() {
    if (policy.rules().isEmpty()) {
      return done(
          policy.authType() == AuthType.NONE
              ? new Verdict.Allowed(Optional.empty(), Optional.empty())
              : new Verdict.Misconfigured(
                  "AuthType is set but no Require applies here; add e.g. Require valid-user"));
    }
    if (policy.rulesNeedIdentity()) {
      return withIdentity(found -> firstPass(found, true));
    }
    return firstPass(Optional.empty(), false);
  }

  private CompletableFuture<Verdict> firstPass(Optional<Identity> found, boolean looked) {
    AuthzRequest anonymous = new AuthzRequest(Optional.empty(), client, found, taggedDevices);
    return switch (policy.rules().get().evaluate(anonymous)) {
      case GRANTED -> done(new Verdict.Allowed(Optional.empty(), found));
      case DENIED, NEUTRAL ->
          done(new Verdict.Refused(403, "client denied by server configuration"));
      case DENIED_NO_USER ->
          looked || policy.authType() != AuthType.TAILSCALE
              ? authenticate(anonymous)
              : withIdentity(
                  later ->
                      authenticate(
                          new AuthzRequest(Optional.empty(), client, later, taggedDevices)));
    };
  }

  private CompletableFuture<Verdict> authenticate(AuthzRequest anonymous) {
    if (policy.authType() != AuthType.TAILSCALE) {
      return done(
          new Verdict.Misconfigured(
              "a rule needs an authenticated user but no AuthType is set; add AuthType tailscale"));
    }
    Optional<String> user =
        anonymous.person().map(Identity::loginName).filter(login -> !login.isEmpty());
    if (user.isEmpty()) {
      return done(
          new Verdict.Refused(
              401,
              anonymous.identity().isEmpty()
                  ? "not a tailnet peer, so no tailscale user"
                  : "tagged device " + anonymous.identity().get().nodeName() + " is not a user"));
    }
    AuthzRequest authenticated = anonymous.withUser(user.get());
    return switch (policy.rules().get().evaluate(authenticated)) {
      case GRANTED -> done(new Verdict.Allowed(user, anonymous.identity()));
      case DENIED_NO_USER -> done(new Verdict.Refused(401, "user " + user.get() + " not allowed"));
      case DENIED, NEUTRAL ->
          done(
              new Verdict.Refused(
                  policy.forbiddenOnFailure() ? 403 : 401,
                  "authorization of user " + user.get() + " failed"));
    };
  }

  private CompletableFuture<Verdict> withIdentity(
      Function<Optional<Identity>, CompletableFuture<Verdict>> next) {
    return identity
        .get()
        .thenCompose(
            lookup -> {
              if (lookup instanceof IdentityLookup.Found found) {
                return next.apply(Optional.of(found.identity()));
              }
              if (lookup instanceof IdentityLookup.Failed failed) {
                return done(new Verdict.Unavailable(failed.cause()));
              }
              return next.apply(Optional.empty());
            });
  }

  private static CompletableFuture<Verdict> done(Verdict verdict) {
    return CompletableFuture.completedFuture(verdict);
  }
}
