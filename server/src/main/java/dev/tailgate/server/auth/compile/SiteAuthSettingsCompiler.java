package dev.tailgate.server.auth.compile;

import dev.tailgate.auth.headers.IdentityHeaderField;
import dev.tailgate.auth.headers.IdentityHeaderNames;
import dev.tailgate.auth.policy.TaggedDevices;
import dev.tailgate.server.config.modules.TimeoutValue;
import dev.tailgate.server.config.syntax.ConfigNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the {@code AuthTailscale…} directives of the main server and one virtual host. Each value is
 * checked the same way when the configuration is loaded (problems with file:line) and when a vhost's
 * settings are built at runtime.
 */
public final class SiteAuthSettingsCompiler {
  /** RFC 9110 token characters: what a header name may be made of. */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final ProblemSink problems;

  public SiteAuthSettingsCompiler(ProblemSink problems) {
    this.problems = problems;
  }

  /**
   * @param server the main server's directives, in config order
   * @param vhost the vhost's own, in config order; they win over the main server's
   */
  public SiteAuthSettings compile(List<ConfigNode> server, List<ConfigNode> vhost) {
    List<ConfigNode> all = new ArrayList<>(server);
    all.addAll(vhost);
    Optional<Path> socket = SiteAuthSettings.DEFAULTS.socket();
    Duration cacheTimeout = SiteAuthSettings.DEFAULTS.cacheTimeout();
    TaggedDevices tagged = SiteAuthSettings.DEFAULTS.taggedDevices();
    Map<IdentityHeaderField, Optional<String>> headers = new EnumMap<>(IdentityHeaderField.class);
    for (ConfigNode node : all) {
      switch (node.name().toLowerCase(Locale.ROOT)) {
        case "authtailscaleurl" -> socket = socket(node);
        case "authtailscalecachetimeout" -> cacheTimeout = cacheTimeout(node).orElse(cacheTimeout);
        case "authtailscaletaggedasuser" -> tagged = taggedAsUser(node).orElse(tagged);
        case "authtailscaleheader" -> header(node, headers);
        default -> { }
      }
    }
    return new SiteAuthSettings(socket, cacheTimeout, tagged, new IdentityHeaderNames(headers));
  }

  public Optional<Path> socket(ConfigNode node) {
    TailscaleSocketUrl.Result parsed = TailscaleSocketUrl.parse(node.args().get(0));
    if (parsed.socket().isEmpty()) {
      problems.problem(node, parsed.problem(),
          "write the socket path, e.g. /var/run/tailscale/tailscaled.sock or file://localhost/var/run/tailscale/tailscaled.sock");
    }
    return parsed.socket();
  }

  public Optional<Duration> cacheTimeout(ConfigNode node) {
    Optional<Duration> parsed = TimeoutValue.parse(node.args().get(0));
    if (parsed.isEmpty()) {
      problems.problem(node, "\"" + node.args().get(0) + "\" is not a duration",
          "write whole seconds (AuthTailscaleCacheTimeout 5), a unit (500ms, 30s, 5mi, 1h), or 0 for no cache");
    }
    return parsed;
  }

  public Optional<TaggedDevices> taggedAsUser(ConfigNode node) {
    return switch (node.args().get(0).toLowerCase(Locale.ROOT)) {
      case "on" -> Optional.of(TaggedDevices.USERS);
      case "off" -> Optional.of(TaggedDevices.DEVICES);
      default -> {
        problems.problem(node, "expects on or off, got \"" + node.args().get(0) + "\"",
            "write AuthTailscaleTaggedAsUser off (the default: tagged devices are no user) or on");
        yield Optional.empty();
      }
    };
  }

  public void header(ConfigNode node, Map<IdentityHeaderField, Optional<String>> headers) {
    Optional<IdentityHeaderField> field = IdentityHeaderField.byKey(node.args().get(0));
    if (field.isEmpty()) {
      problems.problem(node, "unknown identity field \"" + node.args().get(0) + "\"", "one of "
          + Arrays.stream(IdentityHeaderField.values()).map(IdentityHeaderField::key).collect(Collectors.joining(", ")));
      return;
    }
    String name = node.args().get(1);
    if (name.equalsIgnoreCase("off")) {
      headers.put(field.get(), Optional.empty());
    } else if (HEADER_NAME.matcher(name).matches()) {
      headers.put(field.get(), Optional.of(name));
    } else {
      problems.problem(node, "\"" + name + "\" is not a header name", "e.g. AuthTailscaleHeader user-login X-Remote-User");
    }
  }
}
