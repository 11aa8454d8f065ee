package dev.tailgate.auth.policy.providers;

import dev.tailgate.auth.policy.AuthzResult;
import dev.tailgate.auth.policy.PolicyException;
import dev.tailgate.auth.policy.Provider;
import java.util.List;
import java.util.Set;

/**
 * {@code Require user NAME…}: the authenticated user is one of these. Unlike {@code tailscale-user}
 * it asks for authentication first, so a mismatch is a 401, as in httpd.
 */
public final class UserProvider implements Provider {

  @Override
  public String name() {
    return "user";
  }

  @Override
  public boolean needsIdentity() {
    return false;
  }

  @Override
  public Check parse(List<String> args) throws PolicyException {
    if (args.isEmpty()) {
      throw new PolicyException(
          "Require user needs at least one user name", "e.g. Require user icing@github");
    }
    Set<String> names = Set.copyOf(args);
    return request -> {
      if (request.user().isEmpty()) {
        return AuthzResult.DENIED_NO_USER;
      }
      return names.contains(request.user().get()) ? AuthzResult.GRANTED : AuthzResult.DENIED;
    };
  }
}
