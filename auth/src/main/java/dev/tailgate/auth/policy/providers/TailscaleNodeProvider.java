package dev.tailgate.auth.policy.providers;

import dev.tailgate.auth.policy.AuthzResult;
import dev.tailgate.auth.policy.PolicyException;
import dev.tailgate.auth.policy.Provider;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code Require tailscale-node FQDN… | *}: the peer device by MagicDNS name. tailscaled's names
 * end in a dot and httpd compared them verbatim, so {@code laptop.tailnet.ts.net} never matched
 * there; here both spellings do. Tagged devices pass: the rule names the device itself.
 */
public final class TailscaleNodeProvider implements Provider {

  @Override
  public String name() {
    return "tailscale-node";
  }

  @Override
  public boolean needsIdentity() {
    return true;
  }

  @Override
  public Check parse(List<String> args) throws PolicyException {
    if (args.isEmpty()) {
      throw new PolicyException(
          "Require tailscale-node needs at least one node name or *",
          "e.g. Require tailscale-node laptop.tail4c2a9.ts.net");
    }
    boolean anyNode = args.contains("*");
    Set<String> names =
        args.stream().map(DnsNames::canonical).collect(Collectors.toUnmodifiableSet());
    return request ->
        request
            .device()
            .map(identity -> identity.nodeName())
            .filter(
                name -> !name.isEmpty() && (anyNode || names.contains(DnsNames.canonical(name))))
            .map(name -> AuthzResult.GRANTED)
            .orElse(AuthzResult.DENIED);
  }
}
