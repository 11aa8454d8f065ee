package dev.tailgate.auth.policy;

import java.util.List;

/**
 * {@code <RequireNone>}: the negated OR; like {@code Require not}, it can only take access away.
 */
public record RequireNone(List<Require> rules) implements Require {

  public RequireNone {
    rules = List.copyOf(rules);
  }

  @Override
  public AuthzResult evaluate(AuthzRequest request) {
    return switch (Containers.any(rules, request)) {
      case GRANTED -> AuthzResult.DENIED;
      case DENIED, DENIED_NO_USER, NEUTRAL -> AuthzResult.NEUTRAL;
    };
  }

  @Override
  public boolean needsIdentity() {
    return rules.stream().anyMatch(Require::needsIdentity);
  }

  @Override
  public String describe() {
    return Containers.describe("RequireNone", rules);
  }
}
