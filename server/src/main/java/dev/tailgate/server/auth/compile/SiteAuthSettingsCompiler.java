package dev.tailgate.server.auth.compile;

import dev.tailgate.auth.compile.ProblemSink;
import dev.tailgate.auth.headers.IdentityHeaderField;
import dev.tailgate.auth.policy.TaggedDevices;
import dev.tailgate.config.modules.TimeoutValue;
import dev.tailgate.config.syntax.ConfigNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the value of one {@code AuthTailscale…} directive, reporting what is wrong with file:line.
 */
public final class SiteAuthSettingsCompiler {
  /** RFC 9110 token characters: what a header name may be made of. */
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final ProblemSink problems;

  public SiteAuthSettingsCompiler(ProblemSink problems) {
    this.problems = problems;
  }

  public Optional<Path> socket(ConfigNode node) {
    TailscaleSocketUrl.Result parsed = TailscaleSocketUrl.parse(node.args().get(0));
    if (parsed.socket().isEmpty()) {
      problems.problem(
          node,
          parsed.problem(),
          "write the socket path, e.g. /var/run/tailscale/tailscaled.sock or file://localhost/var/run/tailscale/tailscaled.sock");
    }
    return parsed.socket();
  }

  public Optional<Duration> cacheTimeout(ConfigNode node) {
    Optional<Duration> parsed = TimeoutValue.parse(node.args().get(0));
    if (parsed.isEmpty()) {
      problems.problem(
          node,
          "\"" + node.args().get(0) + "\" is not a duration",
          "write whole seconds (AuthTailscaleCacheTimeout 5), a unit (500ms, 30s, 5mi, 1h), or 0 for no cache");
    }
    return parsed;
  }

  public Optional<Duration> cacheGrace(ConfigNode node) {
    Optional<Duration> parsed = TimeoutValue.parse(node.args().get(0));
    if (parsed.isEmpty()) {
      problems.problem(
          node,
          "\"" + node.args().get(0) + "\" is not a duration",
          "write whole seconds (AuthTailscaleCacheGrace 30), a unit (500ms, 30s, 5mi), or 0 for a strict cache timeout");
    }
    return parsed;
  }

  public Optional<TaggedDevices> taggedAsUser(ConfigNode node) {
    return switch (node.args().get(0).toLowerCase(Locale.ROOT)) {
      case "on" -> Optional.of(TaggedDevices.USERS);
      case "off" -> Optional.of(TaggedDevices.DEVICES);
      default -> {
        problems.problem(
            node,
            "expects on or off, got \"" + node.args().get(0) + "\"",
            "write AuthTailscaleTaggedAsUser off (the default: tagged devices are no user) or on");
        yield Optional.empty();
      }
    };
  }

  /** One identity field's header name; {@code name} is empty for {@code off} (not sent). */
  public record HeaderSetting(IdentityHeaderField field, Optional<String> name) {}

  public Optional<HeaderSetting> header(ConfigNode node) {
    Optional<IdentityHeaderField> field = IdentityHeaderField.byKey(node.args().get(0));
    if (field.isEmpty()) {
      problems.problem(
          node,
          "unknown identity field \"" + node.args().get(0) + "\"",
          "one of "
              + Arrays.stream(IdentityHeaderField.values())
                  .map(IdentityHeaderField::key)
                  .collect(Collectors.joining(", ")));
      return Optional.empty();
    }
    String name = node.args().get(1);
    if (name.equalsIgnoreCase("off")) {
      return Optional.of(new HeaderSetting(field.get(), Optional.empty()));
    }
    if (HEADER_NAME.matcher(name).matches()) {
      return Optional.of(new HeaderSetting(field.get(), Optional.of(name)));
    }
    problems.problem(
        node,
        "\"" + name + "\" is not a header name",
        "e.g. AuthTailscaleHeader user-login X-Remote-User");
    return Optional.empty();
  }
}
