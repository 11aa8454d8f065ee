package dev.tailgate.auth.policy.providers;

import dev.tailgate.auth.policy.Provider;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The providers {@code Require} knows, by name (case-insensitive, as httpd's provider lookup). */
public final class Providers {
  private final Map<String, Provider> byName;

  private Providers(List<Provider> providers) {
    Map<String, Provider> map = new LinkedHashMap<>();
    providers.forEach(p -> map.put(p.name(), p));
    this.byName = Map.copyOf(map);
  }

  public static Providers standard() {
    return new Providers(
        List.of(
            new AllProvider(),
            new ValidUserProvider(),
            new UserProvider(),
            new IpProvider(),
            new TailscaleUserProvider(),
            new TailscaleNodeProvider(),
            new TailscaleTailnetProvider(),
            new TailscaleTagProvider(),
            new TailscaleCapProvider()));
  }

  public Optional<Provider> find(String name) {
    return Optional.ofNullable(byName.get(name.toLowerCase(Locale.ROOT)));
  }

  public Set<String> names() {
    return byName.keySet();
  }
}
