package dev.tailgate.server.auth.compile;

import dev.tailgate.auth.headers.IdentityHeaderField;
import dev.tailgate.auth.headers.IdentityHeaderNames;
import dev.tailgate.auth.policy.TaggedDevices;
import dev.tailgate.config.model.ModuleKey;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code AuthTailscale…} directives of one server (the main server or a virtual host), as
 * written there; a vhost's merge over the main server's field by field ({@link #KEY}), and the
 * finished {@link SiteAuthSettings} with the defaults filled in are computed once, at load.
 */
public final class TailscaleServerSettings {
  public static final ModuleKey<TailscaleServerSettings> KEY =
      ModuleKey.of("authnz_tailscale", TailscaleServerSettings::mergedWith);
  static final TailscaleServerSettings NONE =
      new TailscaleServerSettings(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());

  private final Optional<Path> socket;
  private final Optional<Duration> cacheTimeout;
  private final Optional<Duration> cacheGrace;
  private final Optional<TaggedDevices> taggedDevices;
  private final Map<IdentityHeaderField, Optional<String>> headers;
  private final SiteAuthSettings site;

  private TailscaleServerSettings(
      Optional<Path> socket,
      Optional<Duration> cacheTimeout,
      Optional<Duration> cacheGrace,
      Optional<TaggedDevices> taggedDevices,
      Map<IdentityHeaderField, Optional<String>> headers) {
    this.socket = socket;
    this.cacheTimeout = cacheTimeout;
    this.cacheGrace = cacheGrace;
    this.taggedDevices = taggedDevices;
    this.headers = headers.isEmpty() ? Map.of() : new EnumMap<>(headers);
    SiteAuthSettings defaults = SiteAuthSettings.DEFAULTS;
    this.site =
        new SiteAuthSettings(
            socket.or(defaults::socket),
            cacheTimeout.orElse(defaults.cacheTimeout()),
            cacheGrace.orElse(defaults.cacheGrace()),
            taggedDevices.orElse(defaults.taggedDevices()),
            new IdentityHeaderNames(this.headers));
  }

  /**
   * The settings of a host whose value this is; {@link SiteAuthSettings#DEFAULTS} where it has
   * none.
   */
  public SiteAuthSettings site() {
    return site;
  }

  TailscaleServerSettings withSocket(Path value) {
    return new TailscaleServerSettings(
        Optional.of(value), cacheTimeout, cacheGrace, taggedDevices, headers);
  }

  TailscaleServerSettings withCacheTimeout(Duration value) {
    return new TailscaleServerSettings(
        socket, Optional.of(value), cacheGrace, taggedDevices, headers);
  }

  TailscaleServerSettings withCacheGrace(Duration value) {
    return new TailscaleServerSettings(
        socket, cacheTimeout, Optional.of(value), taggedDevices, headers);
  }

  TailscaleServerSettings withTaggedDevices(TaggedDevices value) {
    return new TailscaleServerSettings(
        socket, cacheTimeout, cacheGrace, Optional.of(value), headers);
  }

  /**
   * @param name empty for {@code off}: the field is not sent
   */
  TailscaleServerSettings withHeader(IdentityHeaderField field, Optional<String> name) {
    Map<IdentityHeaderField, Optional<String>> changed = new EnumMap<>(IdentityHeaderField.class);
    changed.putAll(headers);
    changed.put(field, name);
    return new TailscaleServerSettings(socket, cacheTimeout, cacheGrace, taggedDevices, changed);
  }

  private TailscaleServerSettings mergedWith(TailscaleServerSettings vhost) {
    Map<IdentityHeaderField, Optional<String>> merged = new EnumMap<>(IdentityHeaderField.class);
    merged.putAll(headers);
    merged.putAll(vhost.headers);
    return new TailscaleServerSettings(
        vhost.socket.or(() -> socket),
        vhost.cacheTimeout.or(() -> cacheTimeout),
        vhost.cacheGrace.or(() -> cacheGrace),
        vhost.taggedDevices.or(() -> taggedDevices),
        merged);
  }
}
