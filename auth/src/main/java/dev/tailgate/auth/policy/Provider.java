package dev.tailgate.auth.policy;

import java.util.List;

/**
 * An authorization provider, named as in {@code Require NAME args…}. It checks its arguments once,
 * when the configuration is read (httpd's {@code parse_require_line}), and returns the rule that is
 * then evaluated per request.
 */
public interface Provider {

  String name();

  /** Whether the rule needs the peer's tailnet identity (which costs a whois). */
  boolean needsIdentity();

  /**
   * @throws PolicyException when the arguments are wrong, with what to write instead
   */
  Check parse(List<String> args) throws PolicyException;

  /** The compiled rule of one line. */
  @FunctionalInterface
  interface Check {
    AuthzResult evaluate(AuthzRequest request);
  }

  /** Builds the tree node for a line of this provider. */
  default ProviderRule rule(List<String> args) throws PolicyException {
    return new ProviderRule(name(), args, parse(args), needsIdentity());
  }
}
