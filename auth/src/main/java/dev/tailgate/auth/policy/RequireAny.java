package dev.tailgate.auth.policy;

import java.util.List;

/**
 * {@code <RequireAny>}, also the implicit container of the {@code Require} lines of a section: OR.
 * The first GRANTED wins; otherwise a missing user beats a plain denial, so that httpd asks for a
 * login rather than refusing outright.
 */
public record RequireAny(List<Require> rules) implements Require {

  public RequireAny {
    rules = List.copyOf(rules);
  }

  @Override
  public AuthzResult evaluate(AuthzRequest request) {
    return Containers.any(rules, request);
  }

  @Override
  public boolean needsIdentity() {
    return rules.stream().anyMatch(Require::needsIdentity);
  }

  @Override
  public String describe() {
    return Containers.describe("RequireAny", rules);
  }
}
