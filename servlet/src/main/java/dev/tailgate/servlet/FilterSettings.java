package dev.tailgate.servlet;

import dev.tailgate.auth.policy.PolicyException;
import dev.tailgate.auth.policy.TaggedDevices;
import dev.tailgate.auth.policy.providers.IpRange;
import dev.tailgate.config.modules.TimeoutValue;
import dev.tailgate.config.syntax.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * How the filter works, with the defaults of the front door: whois mode, tailscaled found as the
 * tailscale CLI finds it, answers cached 1 s and refreshed ahead for 30 s more while tailscaled's
 * change notifications arrive, loopback as the only trusted proxy, tagged devices no users.
 *
 * @param socket tailscaled's socket; empty to find it
 * @param trustedProxies peers whose identity headers are believed in {@link Mode#TRUSTED_PROXY}
 * @param proxy which headers those peers vouch for
 * @param whoisTimeout how long a request may wait for tailscaled before it gets 503
 */
public record FilterSettings(
    Mode mode,
    Optional<Path> socket,
    List<IpRange> trustedProxies,
    ProxyKind proxy,
    Duration cacheTimeout,
    Duration cacheGrace,
    Duration whoisTimeout,
    TaggedDevices taggedDevices,
    UrlRules rules) {

  public FilterSettings {
    trustedProxies = List.copyOf(trustedProxies);
  }

  public static FilterSettings defaults() {
    return new FilterSettings(
        Mode.WHOIS,
        Optional.empty(),
        ranges("127.0.0.0/8 ::1"),
        ProxyKind.TAILSCALE_SERVE,
        Duration.ofSeconds(1),
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        TaggedDevices.DEVICES,
        UrlRules.NONE);
  }

  /**
   * From a filter's init parameters (web.xml), each optional: {@code mode} ({@code whois} or {@code
   * trusted-proxy}), {@code socket}, {@code trusted-proxies} (addresses or networks, separated by
   * spaces or commas), {@code proxy} ({@code tailscale-serve} or {@code tailgate}: which headers
   * the proxy vouches for), {@code cache-timeout}, {@code cache-grace}, {@code whois-timeout}
   * (httpd durations: {@code 5}, {@code 500ms}, {@code 30s}), {@code tagged-as-user} ({@code
   * on}/{@code off}) and {@code rules} ({@code <Location>} sections with {@code Require} lines).
   *
   * @throws IllegalArgumentException naming the parameter and what to write instead
   */
  public static FilterSettings fromParameters(Function<String, String> parameter) {
    FilterSettings d = defaults();
    return new FilterSettings(
        Optional.ofNullable(parameter.apply("mode")).map(FilterSettings::mode).orElse(d.mode()),
        Optional.ofNullable(parameter.apply("socket")).filter(s -> !s.isBlank()).map(Path::of),
        Optional.ofNullable(parameter.apply("trusted-proxies"))
            .map(FilterSettings::ranges)
            .orElse(d.trustedProxies()),
        Optional.ofNullable(parameter.apply("proxy")).map(ProxyKind::parse).orElse(d.proxy()),
        duration(parameter, "cache-timeout", d.cacheTimeout()),
        duration(parameter, "cache-grace", d.cacheGrace()),
        duration(parameter, "whois-timeout", d.whoisTimeout()),
        Optional.ofNullable(parameter.apply("tagged-as-user"))
            .map(FilterSettings::taggedAsUser)
            .orElse(d.taggedDevices()),
        Optional.ofNullable(parameter.apply("rules"))
            .map(text -> rules(text, "init parameter rules"))
            .orElse(UrlRules.NONE));
  }

  public FilterSettings withMode(Mode value) {
    return copy(b -> b.mode = value);
  }

  public FilterSettings withSocket(Path value) {
    return copy(b -> b.socket = Optional.of(value));
  }

  public FilterSettings withTrustedProxies(String networks) {
    List<IpRange> parsed = ranges(networks);
    return copy(b -> b.trustedProxies = parsed);
  }

  /** Which proxy the application sits behind in {@link Mode#TRUSTED_PROXY}. */
  public FilterSettings withProxy(ProxyKind value) {
    return copy(b -> b.proxy = value);
  }

  public FilterSettings withCache(Duration timeout, Duration grace) {
    return copy(
        b -> {
          b.cacheTimeout = timeout;
          b.cacheGrace = grace;
        });
  }

  public FilterSettings withWhoisTimeout(Duration value) {
    return copy(b -> b.whoisTimeout = value);
  }

  public FilterSettings withTaggedDevices(TaggedDevices value) {
    return copy(b -> b.taggedDevices = value);
  }

  /** With {@code text} ({@code <Location>} sections) as the rules; its problems throw. */
  public FilterSettings withRules(String text) {
    UrlRules compiled = rules(text, "rules");
    return copy(b -> b.rules = compiled);
  }

  /** The fields of a copy, for the {@code with…} methods. */
  private static final class Fields {
    Mode mode;
    Optional<Path> socket;
    List<IpRange> trustedProxies;
    ProxyKind proxy;
    Duration cacheTimeout;
    Duration cacheGrace;
    Duration whoisTimeout;
    TaggedDevices taggedDevices;
    UrlRules rules;
  }

  private FilterSettings copy(Consumer<Fields> change) {
    Fields f = new Fields();
    f.mode = mode;
    f.socket = socket;
    f.trustedProxies = trustedProxies;
    f.proxy = proxy;
    f.cacheTimeout = cacheTimeout;
    f.cacheGrace = cacheGrace;
    f.whoisTimeout = whoisTimeout;
    f.taggedDevices = taggedDevices;
    f.rules = rules;
    change.accept(f);
    return new FilterSettings(
        f.mode,
        f.socket,
        f.trustedProxies,
        f.proxy,
        f.cacheTimeout,
        f.cacheGrace,
        f.whoisTimeout,
        f.taggedDevices,
        f.rules);
  }

  private static UrlRules rules(String text, String origin) {
    try {
      return UrlRules.compile(text, origin);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private static Mode mode(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "whois" -> Mode.WHOIS;
      case "trusted-proxy", "trusted_proxy" -> Mode.TRUSTED_PROXY;
      default ->
          throw new IllegalArgumentException(
              "mode \"" + value + "\" is not known: write whois or trusted-proxy");
    };
  }

  private static TaggedDevices taggedAsUser(String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "on", "true" -> TaggedDevices.USERS;
      case "off", "false" -> TaggedDevices.DEVICES;
      default ->
          throw new IllegalArgumentException("tagged-as-user \"" + value + "\" is not on or off");
    };
  }

  private static Duration duration(Function<String, String> parameter, String name, Duration or) {
    String value = parameter.apply(name);
    if (value == null) {
      return or;
    }
    return TimeoutValue.parse(value.trim())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    name + " \"" + value + "\" is not a duration: write e.g. 5, 500ms or 30s"));
  }

  static List<IpRange> ranges(String text) {
    List<IpRange> ranges = new ArrayList<>();
    for (String part : text.trim().split("[\\s,]+")) {
      if (part.isEmpty()) {
        continue;
      }
      try {
        ranges.add(IpRange.parse(part));
      } catch (PolicyException e) {
        throw new IllegalArgumentException(
            "trusted proxy \"" + part + "\": " + e.getMessage() + " (" + e.hint() + ")", e);
      }
    }
    return ranges;
  }
}
