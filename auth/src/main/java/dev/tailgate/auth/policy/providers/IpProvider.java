package dev.tailgate.auth.policy.providers;

import dev.tailgate.auth.policy.AuthzResult;
import dev.tailgate.auth.policy.PolicyException;
import dev.tailgate.auth.policy.Provider;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code Require ip 100.64.0.0/10 fd7a:115c:a1e0::/48 192.168 …}: mod_authz_host's address rule.
 * Needs no whois, so it keeps working while tailscaled is down.
 */
public final class IpProvider implements Provider {

  @Override
  public String name() {
    return "ip";
  }

  @Override
  public boolean needsIdentity() {
    return false;
  }

  @Override
  public Check parse(List<String> args) throws PolicyException {
    if (args.isEmpty()) {
      throw new PolicyException(
          "Require ip needs at least one address or network",
          "e.g. Require ip 100.64.0.0/10 fd7a:115c:a1e0::/48");
    }
    List<IpRange> ranges = new ArrayList<>();
    for (String arg : args) {
      ranges.add(IpRange.parse(arg));
    }
    return request ->
        request
            .clientAddress()
            .filter(address -> ranges.stream().anyMatch(r -> r.contains(address)))
            .map(address -> AuthzResult.GRANTED)
            .orElse(AuthzResult.DENIED);
  }
}
