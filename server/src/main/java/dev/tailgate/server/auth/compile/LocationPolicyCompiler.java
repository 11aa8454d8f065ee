package dev.tailgate.server.auth.compile;

import dev.tailgate.auth.policy.AccessPolicy;
import dev.tailgate.auth.policy.AuthType;
import dev.tailgate.auth.policy.Providers;
import dev.tailgate.auth.policy.Require;
import dev.tailgate.auth.policy.RequireAll;
import dev.tailgate.auth.policy.RequireAny;
import dev.tailgate.server.config.model.RawDirectiveLayer;
import dev.tailgate.server.config.syntax.ConfigNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Merges the access directives of the sections that apply to a request into one policy, with
 * httpd's rules ({@code merge_authz_core_dir_config}): a section with rules replaces the earlier
 * ones unless it says {@code AuthMerging And|Or}; a section without rules inherits them;
 * {@code AuthType} and {@code AuthzSendForbiddenOnFailure} are inherited until set again.
 */
public final class LocationPolicyCompiler {
  private final RequireCompiler rules;

  public LocationPolicyCompiler(Providers providers) {
    this.rules = new RequireCompiler(providers, ProblemSink.ALREADY_VALIDATED);
  }

  public AccessPolicy compile(List<RawDirectiveLayer> layers) {
    Optional<Require> merged = Optional.empty();
    AuthType authType = AuthType.NONE;
    boolean forbidden = false;
    for (RawDirectiveLayer layer : layers) {
      SectionAuth section = read(layer.directives());
      merged = merge(merged, section);
      authType = section.authType().orElse(authType);
      forbidden = section.forbiddenOnFailure().orElse(forbidden);
    }
    return new AccessPolicy(merged, authType, forbidden);
  }

  private static Optional<Require> merge(Optional<Require> base, SectionAuth section) {
    Optional<AuthMerging> op = section.merging();
    Optional<Require> own = section.rules();
    if (op.isEmpty() && own.isEmpty()) {
      return base;
    }
    if (op.isEmpty() || op.get() == AuthMerging.OFF || base.isEmpty() || own.isEmpty()) {
      // Off replaces (even with nothing: httpd's quirk); And/Or with one side missing keeps the other
      return op.isEmpty() || op.get() == AuthMerging.OFF ? own : own.or(() -> base);
    }
    List<Require> both = List.of(base.get(), own.get());
    return Optional.of(op.get() == AuthMerging.AND ? new RequireAll(both) : new RequireAny(both));
  }

  private SectionAuth read(List<ConfigNode> nodes) {
    Optional<AuthMerging> merging = Optional.empty();
    Optional<AuthType> authType = Optional.empty();
    Optional<Boolean> forbidden = Optional.empty();
    for (ConfigNode node : nodes) {
      switch (node.name().toLowerCase(Locale.ROOT)) {
        case "authmerging" -> merging = AuthMerging.parse(node.args().get(0));
        case "authtype" -> authType = AuthType.parse(node.args().get(0));
        case "authzsendforbiddenonfailure" -> forbidden = Optional.of(node.args().get(0).equalsIgnoreCase("on"));
        default -> { }
      }
    }
    return new SectionAuth(rules.compileSectionRules(nodes), merging, authType, forbidden);
  }
}
