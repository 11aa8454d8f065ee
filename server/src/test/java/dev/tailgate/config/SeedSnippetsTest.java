package dev.tailgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.auth.policy.AccessPolicy;
import dev.tailgate.auth.policy.AuthType;
import dev.tailgate.auth.policy.ProviderRule;
import dev.tailgate.config.model.EffectiveLocation;
import dev.tailgate.config.model.Listener;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.model.VirtualHost;
import dev.tailgate.server.auth.compile.AccessRules;
import dev.tailgate.server.md.config.MdConfig;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The blog's snippets (config/seed, verbatim but for its "..." placeholders) must pass check. */
class SeedSnippetsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "blog-1-mdomain.conf",
        "blog-2-require-user.conf",
        "blog-3-authtype.conf",
        "mod_md-readme.conf",
        "all-three.conf"
      })
  void loads(String file) throws Exception {
    TailgateConfig config = ConfigFixtures.loader().load(ConfigFixtures.resource("seed/" + file));

    assertThat(ConfigSummary.render(config)).startsWith("Configuration ").contains(" is valid.");
  }

  @Test
  void blogOneManagesTheDomainAndServesItOnAnImplicitHttpsListener() throws Exception {
    TailgateConfig config =
        ConfigFixtures.loader().load(ConfigFixtures.resource("seed/blog-1-mdomain.conf"));

    assertThat(config.listeners())
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.port()).isEqualTo(443);
              assertThat(l.protocol()).isEqualTo(Listener.Protocol.HTTPS);
              assertThat(l.implicit()).isTrue();
            });
    assertThat(MdConfig.of(config).domains())
        .singleElement()
        .satisfies(
            domain -> {
              assertThat(domain.name()).isEqualTo("vps.headless-chicken.ts.net");
              assertThat(domain.tailscaleSocket())
                  .contains(Path.of("/var/run/tailscale/tailscaled.sock"));
            });
    VirtualHost vhost = config.virtualHosts().get(0);
    assertThat(vhost.host().serverName()).contains("vps.headless-chicken.ts.net");
    assertThat(vhost.host().tls().engine()).isTrue();
    assertThat(ConfigSummary.render(config))
        .contains("certificate from managed domain vps.headless-chicken.ts.net");
  }

  @Test
  void blogTwoRequiresTheUserEverywhere() throws Exception {
    TailgateConfig config =
        ConfigFixtures.loader().load(ConfigFixtures.resource("seed/blog-2-require-user.conf"));
    VirtualHost vhost =
        config.select(InetAddress.getLoopbackAddress(), 443, "vps.headless-chicken.ts.net");

    EffectiveLocation location = vhost.host().locationFor("/anything");

    AccessPolicy policy = location.modules().get(AccessRules.KEY).orElseThrow().policy();
    assertThat(policy.rules())
        .get()
        .isInstanceOfSatisfying(
            ProviderRule.class,
            rule -> {
              assertThat(rule.provider()).isEqualTo("tailscale-user");
              assertThat(rule.args()).containsExactly("icing@github");
            });
    assertThat(policy.authType()).isEqualTo(AuthType.NONE);
    assertThat(location.modules().get(AccessRules.KEY).orElseThrow().describe())
        .singleElement()
        .asString()
        .startsWith("Require tailscale-user icing@github")
        .endsWith(":5)");
  }

  @Test
  void blogThreeAtTopLevelAppliesToTheMainServer() throws Exception {
    TailgateConfig config =
        ConfigFixtures.loader().load(ConfigFixtures.resource("seed/blog-3-authtype.conf"));

    EffectiveLocation app = config.mainServer().host().locationFor("/myapp/page");
    AccessPolicy policy = app.modules().get(AccessRules.KEY).orElseThrow().policy();
    assertThat(policy.authType()).isEqualTo(AuthType.TAILSCALE);
    assertThat(policy.rules())
        .get()
        .isInstanceOfSatisfying(
            ProviderRule.class, rule -> assertThat(rule.provider()).isEqualTo("valid-user"));
    assertThat(
            config.mainServer().host().locationFor("/myapplication").modules().get(AccessRules.KEY))
        .as("/myapplication is not under /myapp")
        .isEmpty();
  }
}
