package dev.tailgate.config;

import dev.tailgate.config.model.LocationPattern;
import java.util.Optional;

/**
 * Where in the config a directive is being applied: its {@link Context}, the builders it may write
 * to, and where features keep their values for this scope.
 *
 * @param where how the scope is named in messages: {@code server config}, {@code <LocationMatch>}
 * @param host the enclosing server: the main server or a vhost
 * @param dir per-directory settings of this scope; null inside {@code <MDomain>} and authz sections
 * @param location the enclosing location section's pattern, when inside one
 * @param modules the features' values of this scope: the host's for server config and a vhost, the
 *     section's own for a location or a feature's section ({@code <MDomain>})
 */
public record Scope(
    Context context,
    String where,
    ServerBuilder server,
    HostBuilder host,
    DirBuilder dir,
    Optional<LocationPattern> location,
    ModuleValuesBuilder modules) {

  public static Scope server(ServerBuilder server) {
    return new Scope(
        Context.SERVER,
        "server config",
        server,
        server.mainServer(),
        server.mainServer().base(),
        Optional.empty(),
        server.mainServer().modules());
  }

  public Scope virtualHost(HostBuilder vhost) {
    return new Scope(
        Context.VIRTUAL_HOST,
        "<VirtualHost>",
        server,
        vhost,
        vhost.base(),
        Optional.empty(),
        vhost.modules());
  }

  public Scope location(String sectionName, LocationPattern pattern, DirBuilder locationDir) {
    return new Scope(
        Context.LOCATION,
        "<" + sectionName + ">",
        server,
        host,
        locationDir,
        Optional.of(pattern),
        locationDir.modules());
  }

  /**
   * A feature's own section ({@code <MDomain>}, {@code <RequireAll>}): its children write to {@code
   * values}, which the section's handler then reads.
   */
  public Scope section(Context context, String sectionName, ModuleValuesBuilder values) {
    return new Scope(context, "<" + sectionName + ">", server, host, null, location, values);
  }
}
