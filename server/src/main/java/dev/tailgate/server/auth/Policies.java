package dev.tailgate.server.auth;

import dev.tailgate.auth.policy.AccessPolicy;
import dev.tailgate.auth.policy.Providers;
import dev.tailgate.server.auth.compile.LocationPolicyCompiler;
import dev.tailgate.server.config.model.EffectiveLocation;
import dev.tailgate.server.config.model.RawDirectiveLayer;
import dev.tailgate.server.config.syntax.ConfigNode;
import java.util.List;

/**
 * The access policy of a request's location, compiled once per combination of matching sections
 * (the front door merges sections per request; compiling the rules each time would be waste).
 */
final class Policies {
  private final LocationPolicyCompiler compiler = new LocationPolicyCompiler(Providers.standard());
  private final BoundedCache<AccessPolicy> cache = new BoundedCache<>();

  AccessPolicy of(EffectiveLocation location) {
    List<RawDirectiveLayer> layers = location.rawDirectives();
    if (layers.isEmpty()) {
      return AccessPolicy.OPEN;
    }
    List<List<ConfigNode>> key = layers.stream().map(RawDirectiveLayer::directives).toList();
    return cache.get(new IdentityKey(key), k -> compiler.compile(layers));
  }
}
