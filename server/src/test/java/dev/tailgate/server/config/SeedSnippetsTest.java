package dev.tailgate.server.config;

import dev.tailgate.server.config.model.EffectiveLocation;
import dev.tailgate.server.config.model.Listener;
import dev.tailgate.server.config.model.TailgateConfig;
import dev.tailgate.server.config.model.VirtualHost;
import dev.tailgate.server.config.syntax.SectionNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** The blog's snippets (config/seed, verbatim but for its "..." placeholders) must pass check. */
class SeedSnippetsTest {

  @ParameterizedTest
  @ValueSource(strings = {"blog-1-mdomain.conf", "blog-2-require-user.conf", "blog-3-authtype.conf",
      "mod_md-readme.conf", "all-three.conf"})
  void loads(String file) throws Exception {
    TailgateConfig config = ConfigFixtures.loader().load(ConfigFixtures.resource("seed/" + file));

    assertThat(ConfigSummary.render(config)).startsWith("Configuration ").contains(" is valid.");
  }

  @Test
  void blogOneManagesTheDomainAndServesItOnAnImplicitHttpsListener() throws Exception {
    TailgateConfig config = ConfigFixtures.loader().load(ConfigFixtures.resource("seed/blog-1-mdomain.conf"));

    assertThat(config.listeners()).singleElement().satisfies(l -> {
      assertThat(l.port()).isEqualTo(443);
      assertThat(l.protocol()).isEqualTo(Listener.Protocol.HTTPS);
      assertThat(l.implicit()).isTrue();
    });
    SectionNode domain = (SectionNode) config.serverDirectives("mdomain").get(0);
    assertThat(domain.args()).containsExactly("vps.headless-chicken.ts.net");
    assertThat(domain.children()).extracting(n -> n.name() + " " + n.rawArgs()).containsExactly(
        "MDCertificateProtocol tailscale", "MDCertificateAuthority /var/run/tailscale/tailscaled.sock");
    VirtualHost vhost = config.virtualHosts().get(0);
    assertThat(vhost.host().serverName()).contains("vps.headless-chicken.ts.net");
    assertThat(vhost.host().tls().engine()).isTrue();
    assertThat(ConfigSummary.render(config)).contains("certificate from managed domain vps.headless-chicken.ts.net");
  }

  @Test
  void blogTwoKeepsTheRequireLineOnTheLocationForTheAuthzCompiler() throws Exception {
    TailgateConfig config = ConfigFixtures.loader().load(ConfigFixtures.resource("seed/blog-2-require-user.conf"));
    VirtualHost vhost = config.select(InetAddress.getLoopbackAddress(), 443, "vps.headless-chicken.ts.net");

    EffectiveLocation location = vhost.host().locationFor("/anything");

    assertThat(location.rawDirectives()).singleElement().satisfies(layer -> {
      assertThat(layer.origin()).isEqualTo("<Location />");
      assertThat(layer.directives()).extracting(n -> n.name() + " " + n.rawArgs())
          .containsExactly("Require tailscale-user icing@github");
      assertThat(layer.directives().get(0).at().line()).isEqualTo(5);
    });
  }

  @Test
  void blogThreeAtTopLevelAppliesToTheMainServer() throws Exception {
    TailgateConfig config = ConfigFixtures.loader().load(ConfigFixtures.resource("seed/blog-3-authtype.conf"));

    EffectiveLocation app = config.mainServer().host().locationFor("/myapp/page");
    assertThat(app.rawDirectives()).singleElement().satisfies(layer -> assertThat(layer.directives())
        .extracting(n -> n.name() + " " + n.rawArgs()).containsExactly("AuthType tailscale", "Require valid-user"));
    assertThat(config.mainServer().host().locationFor("/myapplication").rawDirectives()).isEmpty();
  }
}
