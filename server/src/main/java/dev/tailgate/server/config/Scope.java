package dev.tailgate.server.config;

import dev.tailgate.server.config.model.LocationPattern;
import dev.tailgate.server.config.syntax.ConfigNode;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where in the config a directive is being applied: its {@link Context}, the builders it may
 * write to, and where raw (not-yet-compiled) directives are kept.
 *
 * @param where       how the scope is named in messages: {@code server config}, {@code <LocationMatch>}
 * @param host        the enclosing server: the main server or a vhost
 * @param dir         per-directory settings of this scope; null inside {@code <MDomain>} and authz sections
 * @param location    the enclosing location section's pattern, when inside one
 */
public record Scope(Context context, String where, ServerBuilder server, HostBuilder host, DirBuilder dir,
                    Optional<LocationPattern> location, Consumer<ConfigNode> rawSink) {

  public static Scope server(ServerBuilder server) {
    return new Scope(Context.SERVER, "server config", server, server.mainServer(), server.mainServer().base(),
        Optional.empty(), server::serverDirective);
  }

  public Scope virtualHost(HostBuilder vhost) {
    return new Scope(Context.VIRTUAL_HOST, "<VirtualHost>", server, vhost, vhost.base(), Optional.empty(), vhost::raw);
  }

  public Scope location(String sectionName, LocationPattern pattern, DirBuilder locationDir) {
    return new Scope(Context.LOCATION, "<" + sectionName + ">", server, host, locationDir, Optional.of(pattern),
        locationDir::raw);
  }

  /**
   * A section whose content is kept raw as a whole (it is stored through its own section node),
   * so its children are only checked, not stored again.
   */
  public Scope rawSection(Context context, String sectionName) {
    return new Scope(context, "<" + sectionName + ">", server, host, null, location, node -> { });
  }

  /** Keeps a directive for a later compiler, attached to this scope. */
  public void keepRaw(ConfigNode node) {
    rawSink.accept(node);
  }
}
