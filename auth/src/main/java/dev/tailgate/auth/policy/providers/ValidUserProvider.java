package dev.tailgate.auth.policy.providers;

import dev.tailgate.auth.policy.AuthzResult;
import dev.tailgate.auth.policy.PolicyException;
import dev.tailgate.auth.policy.Provider;
import java.util.List;

/**
 * {@code Require valid-user}: anyone authenticated. Without a user it answers DENIED_NO_USER, which
 * is what makes authentication ({@code AuthType tailscale}) run at all.
 */
public final class ValidUserProvider implements Provider {

  @Override
  public String name() {
    return "valid-user";
  }

  @Override
  public boolean needsIdentity() {
    return false;
  }

  @Override
  public Check parse(List<String> args) throws PolicyException {
    if (!args.isEmpty()) {
      throw new PolicyException(
          "Require valid-user takes no arguments",
          "to allow certain users, write Require user NAME…" + " or Require tailscale-user LOGIN…");
    }
    return request -> request.user().isPresent() ? AuthzResult.GRANTED : AuthzResult.DENIED_NO_USER;
  }
}
