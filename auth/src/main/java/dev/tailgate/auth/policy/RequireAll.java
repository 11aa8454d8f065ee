package dev.tailgate.auth.policy;

import java.util.List;

/**
 * {@code <RequireAll>}: AND. The first DENIED loses; a missing user is remembered so httpd can ask
 * for one.
 */
public record RequireAll(List<Require> rules) implements Require {

  public RequireAll {
    rules = List.copyOf(rules);
  }

  @Override
  public AuthzResult evaluate(AuthzRequest request) {
    boolean noUser = false;
    for (Require rule : rules) {
      AuthzResult result = rule.evaluate(request);
      if (result == AuthzResult.DENIED) {
        return AuthzResult.DENIED;
      }
      noUser |= result == AuthzResult.DENIED_NO_USER;
    }
    return noUser ? AuthzResult.DENIED_NO_USER : AuthzResult.GRANTED;
  }

  @Override
  public boolean needsIdentity() {
    return rules.stream().anyMatch(Require::needsIdentity);
  }

  @Override
  public String describe() {
    return Containers.describe("RequireAll", rules);
  }
}
