package dev.tailgate.auth.policy.providers;

import dev.tailgate.auth.policy.AuthzResult;
import dev.tailgate.auth.policy.PolicyException;
import dev.tailgate.auth.policy.Provider;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code Require tailscale-tailnet NAME… | *}: the tailnet derived from the peer's node name, with
 * or without the trailing dot. As in httpd, {@code *} only needs a node name, even when no tailnet
 * could be derived (sharee devices). Tagged devices pass only if they count as users.
 */
public final class TailscaleTailnetProvider implements Provider {

  @Override
  public String name() {
    return "tailscale-tailnet";
  }

  @Override
  public boolean needsIdentity() {
    return true;
  }

  @Override
  public Check parse(List<String> args) throws PolicyException {
    if (args.isEmpty()) {
      throw new PolicyException(
          "Require tailscale-tailnet needs at least one tailnet or *",
          "e.g. Require tailscale-tailnet tail4c2a9.ts.net");
    }
    boolean any = args.contains("*");
    Set<String> tailnets =
        args.stream().map(DnsNames::canonical).collect(Collectors.toUnmodifiableSet());
    return request ->
        request
            .person()
            .filter(identity -> !identity.nodeName().isEmpty())
            .filter(
                identity ->
                    any
                        || (!identity.tailnet().isEmpty()
                            && tailnets.contains(DnsNames.canonical(identity.tailnet()))))
            .map(identity -> AuthzResult.GRANTED)
            .orElse(AuthzResult.DENIED);
  }
}
