package dev.tailgate.auth.policy;

/**
 * {@code Require not …}: httpd flips GRANTED to DENIED and a refusal to NEUTRAL, so a negated rule
 * can only take access away, never give it.
 */
public record Not(Require rule) implements Require {

  @Override
  public AuthzResult evaluate(AuthzRequest request) {
    return switch (rule.evaluate(request)) {
      case GRANTED -> AuthzResult.DENIED;
      case DENIED, DENIED_NO_USER -> AuthzResult.NEUTRAL;
      case NEUTRAL -> AuthzResult.NEUTRAL;
    };
  }

  @Override
  public boolean needsIdentity() {
    return rule.needsIdentity();
  }

  @Override
  public String describe() {
    return rule.describe().replaceFirst("^Require ", "Require not ");
  }
}
