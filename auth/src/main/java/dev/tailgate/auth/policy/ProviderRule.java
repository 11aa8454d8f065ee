package dev.tailgate.auth.policy;

import java.util.List;

/**
 * One {@code Require provider args…} line. Several arguments are alternatives: the first match
 * grants, as in every httpd provider.
 */
public record ProviderRule(
    String provider, List<String> args, Provider.Check check, boolean needsIdentity)
    implements Require {

  public ProviderRule {
    args = List.copyOf(args);
  }

  @Override
  public AuthzResult evaluate(AuthzRequest request) {
    return check.evaluate(request);
  }

  @Override
  public String describe() {
    return "Require " + provider + (args.isEmpty() ? "" : " " + String.join(" ", args));
  }
}
