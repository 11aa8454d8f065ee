package dev.tailgate.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * All known directives by case-insensitive name, built from modules. A name may be owned once as a
 * directive and once as a section ({@code MDomain} is both, as in mod_md).
 */
public final class DirectiveRegistry {

  private final Map<String, DirectiveDefinition> byName;
  private final List<ConfigModule> modules;

  private DirectiveRegistry(Map<String, DirectiveDefinition> byName, List<ConfigModule> modules) {
    this.byName = byName;
    this.modules = modules;
  }

  /** The modules, in registration order, for their whole-config checks. */
  public List<ConfigModule> modules() {
    return modules;
  }

  public static DirectiveRegistry of(Collection<? extends ConfigModule> modules) {
    Map<String, DirectiveDefinition> byName = new LinkedHashMap<>();
    Map<String, String> owner = new LinkedHashMap<>();
    for (ConfigModule module : modules) {
      for (DirectiveDefinition definition : module.directives()) {
        String key = key(definition.name(), definition.section());
        if (byName.putIfAbsent(key, definition) != null) {
          throw new IllegalStateException(
              "directive "
                  + definition.displayName()
                  + " is registered by both "
                  + owner.get(key)
                  + " and "
                  + module.name());
        }
        owner.put(key, module.name());
      }
    }
    return new DirectiveRegistry(Map.copyOf(byName), List.copyOf(modules));
  }

  public Optional<DirectiveDefinition> find(String name, boolean section) {
    return Optional.ofNullable(byName.get(key(name, section)));
  }

  /** Canonical spellings, for suggestions. */
  public List<String> names(boolean sections) {
    List<String> names = new ArrayList<>();
    byName.values().stream().filter(d -> d.section() == sections).forEach(d -> names.add(d.name()));
    return names;
  }

  private static String key(String name, boolean section) {
    return (section ? "<" : "") + name.toLowerCase(Locale.ROOT);
  }
}
