package dev.tailgate.auth.policy.providers;

import dev.tailgate.auth.policy.AuthzResult;
import dev.tailgate.auth.policy.PolicyException;
import dev.tailgate.auth.policy.Provider;
import java.util.List;
import java.util.Locale;

/** {@code Require all granted|denied}, mod_authz_core's unconditional rule. */
public final class AllProvider implements Provider {

  @Override
  public String name() {
    return "all";
  }

  @Override
  public boolean needsIdentity() {
    return false;
  }

  @Override
  public Check parse(List<String> args) throws PolicyException {
    if (args.size() == 1) {
      switch (args.get(0).toLowerCase(Locale.ROOT)) {
        case "granted":
          return request -> AuthzResult.GRANTED;
        case "denied":
          return request -> AuthzResult.DENIED;
        default:
          break;
      }
    }
    throw new PolicyException(
        "Require all takes granted or denied, got \"" + String.join(" ", args) + "\"",
        "write Require all granted or Require all denied");
  }
}
