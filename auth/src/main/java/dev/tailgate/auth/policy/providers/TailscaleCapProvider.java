package dev.tailgate.auth.policy.providers;

import dev.tailgate.auth.policy.AuthzResult;
import dev.tailgate.auth.policy.PolicyException;
import dev.tailgate.auth.policy.Provider;
import java.util.List;

/**
 * {@code Require tailscale-cap example.com/cap/admin …}: the tailnet policy grants the peer one of
 * these application capabilities ({@code grants[].app}). Not in httpd's module. A tagged device is
 * judged as a person here too: it passes only if tagged devices count as users; otherwise combine
 * with {@code tailscale-tag}.
 */
public final class TailscaleCapProvider implements Provider {

  @Override
  public String name() {
    return "tailscale-cap";
  }

  @Override
  public boolean needsIdentity() {
    return true;
  }

  @Override
  public Check parse(List<String> args) throws PolicyException {
    if (args.isEmpty()) {
      throw new PolicyException(
          "Require tailscale-cap needs at least one capability name",
          "e.g. Require tailscale-cap example.com/cap/admin");
    }
    for (String cap : args) {
      if (cap.equals("*")) {
        throw new PolicyException(
            "Require tailscale-cap has no wildcard",
            "name the capability the tailnet policy grants");
      }
    }
    List<String> caps = List.copyOf(args);
    return request ->
        request
            .person()
            .filter(identity -> caps.stream().anyMatch(identity.capabilities()::has))
            .map(identity -> AuthzResult.GRANTED)
            .orElse(AuthzResult.DENIED);
  }
}
