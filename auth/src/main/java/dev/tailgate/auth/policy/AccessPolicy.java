package dev.tailgate.auth.policy;

import java.util.Optional;

/**
 * Everything that decides access to one location, after httpd's merging of sections: the rule tree,
 * the authentication type and whether a failed second pass says 403 instead of 401.
 *
 * @param rules empty when no section says {@code Require}
 */
public record AccessPolicy(Optional<Require> rules, AuthType authType, boolean forbiddenOnFailure) {

  /** A location without any access directive. */
  public static final AccessPolicy OPEN = new AccessPolicy(Optional.empty(), AuthType.NONE, false);

  public boolean isOpen() {
    return rules.isEmpty() && authType == AuthType.NONE;
  }

  /**
   * Whether the first pass already needs the peer's identity (otherwise only authentication may).
   */
  public boolean rulesNeedIdentity() {
    return rules.map(Require::needsIdentity).orElse(false);
  }
}
