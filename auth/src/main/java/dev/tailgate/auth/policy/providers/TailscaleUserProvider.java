package dev.tailgate.auth.policy.providers;

import dev.tailgate.auth.identity.Identity;
import dev.tailgate.auth.policy.AuthzResult;
import dev.tailgate.auth.policy.PolicyException;
import dev.tailgate.auth.policy.Provider;
import java.util.List;
import java.util.Set;

/**
 * {@code Require tailscale-user LOGIN… | *}: the peer's owner, by LoginName, compared exactly as
 * httpd's module does. Tagged devices are no user here unless configured to be (see {@code
 * TaggedDevices}), so {@code *} means "any person on the tailnet".
 */
public final class TailscaleUserProvider implements Provider {

  @Override
  public String name() {
    return "tailscale-user";
  }

  @Override
  public boolean needsIdentity() {
    return true;
  }

  @Override
  public Check parse(List<String> args) throws PolicyException {
    if (args.isEmpty()) {
      throw new PolicyException(
          "Require tailscale-user needs at least one login name or *",
          "e.g. Require tailscale-user icing@github");
    }
    Set<String> logins = Set.copyOf(args);
    boolean anyone = logins.contains("*");
    return request ->
        request
            .person()
            .map(Identity::loginName)
            .filter(login -> !login.isEmpty() && (anyone || logins.contains(login)))
            .map(login -> AuthzResult.GRANTED)
            .orElse(AuthzResult.DENIED);
  }
}
