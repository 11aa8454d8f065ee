package dev.tailgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailgate.auth.policy.TaggedDevices;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The init parameters of {@code web.xml}, as a container hands them to the filter. */
class FilterSettingsTest {

  @Test
  void everyParameterIsReadAndMissingOnesKeepTheDefaults() {
    Map<String, String> params =
        Map.of(
            "mode", "trusted-proxy",
            "socket", "/run/ts.sock",
            "trusted-proxies", "10.0.0.1, 192.168.0.0/16",
            "cache-timeout", "5s",
            "tagged-as-user", "on",
            "rules", "<Location /admin>\n  Require tailscale-user alice@github\n</Location>\n");

    FilterSettings settings = FilterSettings.fromParameters(params::get);

    assertThat(settings.mode()).isEqualTo(Mode.TRUSTED_PROXY);
    assertThat(settings.socket()).contains(Path.of("/run/ts.sock"));
    assertThat(settings.trustedProxies()).hasSize(2);
    assertThat(settings.cacheTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.cacheGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(settings.taggedDevices()).isEqualTo(TaggedDevices.USERS);
    assertThat(settings.rules().policyFor("/admin/x").isOpen()).isFalse();
    assertThat(settings.rules().policyFor("/administrator").isOpen()).isTrue();
  }

  @Test
  void aBadParameterIsNamedWithWhatToWrite() {
    assertThatThrownBy(() -> FilterSettings.fromParameters(Map.of("mode", "magic")::get))
        .hasMessageContaining("write whois or trusted-proxy");
    assertThatThrownBy(() -> FilterSettings.fromParameters(Map.of("cache-timeout", "soon")::get))
        .hasMessageContaining("cache-timeout \"soon\" is not a duration");
    assertThatThrownBy(
            () -> FilterSettings.fromParameters(Map.of("trusted-proxies", "proxy.lan")::get))
        .hasMessageContaining("trusted proxy \"proxy.lan\"");
  }
}
