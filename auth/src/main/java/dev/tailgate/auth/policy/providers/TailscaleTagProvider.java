package dev.tailgate.auth.policy.providers;

import dev.tailgate.auth.policy.AuthzResult;
import dev.tailgate.auth.policy.PolicyException;
import dev.tailgate.auth.policy.Provider;
import java.util.List;
import java.util.Set;

/**
 * {@code Require tailscale-tag tag:ci …}: a tagged device carrying one of these tags. Not in
 * httpd's module; it is how tailscale itself names a tagged device's identity (its tag set).
 */
public final class TailscaleTagProvider implements Provider {

  @Override
  public String name() {
    return "tailscale-tag";
  }

  @Override
  public boolean needsIdentity() {
    return true;
  }

  @Override
  public Check parse(List<String> args) throws PolicyException {
    if (args.isEmpty()) {
      throw new PolicyException(
          "Require tailscale-tag needs at least one tag", "e.g. Require tailscale-tag tag:ci");
    }
    for (String tag : args) {
      if (!tag.startsWith("tag:") || tag.length() == 4) {
        throw new PolicyException(
            "\"" + tag + "\" is not a tag",
            "tags are written with their prefix: tag:" + tag.replaceFirst("^tag:", ""));
      }
    }
    Set<String> tags = Set.copyOf(args);
    return request ->
        request
            .device()
            .filter(identity -> identity.tags().stream().anyMatch(tags::contains))
            .map(identity -> AuthzResult.GRANTED)
            .orElse(AuthzResult.DENIED);
  }
}
