package dev.tailgate.server.auth.compile;

import dev.tailgate.auth.policy.AccessPolicy;
import dev.tailgate.auth.policy.AuthType;
import dev.tailgate.auth.policy.Require;
import dev.tailgate.auth.policy.RequireAll;
import dev.tailgate.auth.policy.RequireAny;
import dev.tailgate.config.model.Described;
import dev.tailgate.config.model.ModuleKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * mod_authz_core's and mod_authn_core's per-directory values: what one location section says, and,
 * once merged over the sections a request matches ({@link #KEY}'s rule, httpd's {@code
 * merge_authz_core_dir_config}), the finished {@link AccessPolicy} the gate applies. Built once at
 * load; a request reads {@link #policy()}.
 *
 * <p>The merge: a section with rules replaces the ones it inherits unless it says {@code
 * AuthMerging And|Or}; a section without any access directive inherits everything; an {@code
 * AuthMerging Off} section without rules empties them (httpd's quirk); {@code AuthType} and {@code
 * AuthzSendForbiddenOnFailure} are inherited until set again.
 */
public final class AccessRules implements Described {
  public static final ModuleKey<AccessRules> KEY = ModuleKey.of("authz", AccessRules::mergedWith);
  static final AccessRules NONE =
      new AccessRules(
          List.of(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          List.of());

  /** This section's own Require lines and sections: an implicit {@code <RequireAny>}. */
  private final List<Require> own;

  private final Optional<AuthMerging> merging;
  private final Optional<AuthType> authType;
  private final Optional<Boolean> forbiddenOnFailure;

  /** The rules in force here, after merging with what came before. */
  private final Optional<Require> effective;

  private final AccessPolicy policy;

  /** This section's directives as written, for {@code tailgate check}. */
  private final List<String> source;

  private AccessRules(
      List<Require> own,
      Optional<AuthMerging> merging,
      Optional<AuthType> authType,
      Optional<Boolean> forbiddenOnFailure,
      Optional<Require> effective,
      List<String> source) {
    this.own = List.copyOf(own);
    this.source = List.copyOf(source);
    this.merging = merging;
    this.authType = authType;
    this.forbiddenOnFailure = forbiddenOnFailure;
    this.effective = effective;
    this.policy =
        new AccessPolicy(
            effective, authType.orElse(AuthType.NONE), forbiddenOnFailure.orElse(false));
  }

  /** The policy a request to a location with these rules is decided by. */
  public AccessPolicy policy() {
    return policy;
  }

  @Override
  public List<String> describe() {
    return source;
  }

  AccessRules withSource(List<String> lines) {
    List<String> all = new ArrayList<>(source);
    all.addAll(lines);
    return new AccessRules(own, merging, authType, forbiddenOnFailure, effective, all);
  }

  AccessRules withRule(Require rule) {
    List<Require> rules = new ArrayList<>(own);
    rules.add(rule);
    return new AccessRules(
        rules, merging, authType, forbiddenOnFailure, implicitAny(rules), source);
  }

  AccessRules withMerging(AuthMerging value) {
    return new AccessRules(
        own, Optional.of(value), authType, forbiddenOnFailure, effective, source);
  }

  AccessRules withAuthType(AuthType value) {
    return new AccessRules(own, merging, Optional.of(value), forbiddenOnFailure, effective, source);
  }

  AccessRules withForbiddenOnFailure(boolean value) {
    return new AccessRules(own, merging, authType, Optional.of(value), effective, source);
  }

  private AccessRules mergedWith(AccessRules inner) {
    return new AccessRules(
        inner.own,
        inner.merging,
        inner.authType.or(() -> authType),
        inner.forbiddenOnFailure.or(() -> forbiddenOnFailure),
        merge(effective, inner),
        inner.source);
  }

  private static Optional<Require> merge(Optional<Require> base, AccessRules section) {
    Optional<AuthMerging> op = section.merging;
    Optional<Require> own = implicitAny(section.own);
    if (op.isEmpty() && own.isEmpty()) {
      return base;
    }
    if (op.isEmpty() || op.get() == AuthMerging.OFF) {
      return own;
    }
    if (base.isEmpty() || own.isEmpty()) {
      return own.or(() -> base);
    }
    List<Require> both = List.of(base.get(), own.get());
    return Optional.of(op.get() == AuthMerging.AND ? new RequireAll(both) : new RequireAny(both));
  }

  private static Optional<Require> implicitAny(List<Require> rules) {
    if (rules.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(rules.size() == 1 ? rules.get(0) : new RequireAny(rules));
  }
}
