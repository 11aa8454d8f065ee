package dev.tailgate.auth.policy;

/**
 * A node of httpd's authorization tree: a provider rule ({@code Require tailscale-user …}), a
 * negation, or a container. Trees are immutable and evaluated synchronously; whatever a rule needs
 * (the tailnet identity) is looked up before evaluation.
 */
public sealed interface Require permits RequireAll, RequireAny, RequireNone, Not, ProviderRule {

  AuthzResult evaluate(AuthzRequest request);

  /** True when evaluating needs the peer's tailnet identity, so it must be looked up first. */
  boolean needsIdentity();

  /** As it would be written in the config, for logs and {@code tailgate check}. */
  String describe();
}
