package dev.tailgate.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The filter in real Tomcat 11 and Jetty 12 (ee10) servers, against the fake tailscaled over its
 * socket, with real clients connecting from loopback aliases that the example tailnet gives to
 * devices: 127.0.0.2 is icing's laptop (which holds the {@code example.com/cap/admin} grant),
 * 127.0.0.3 alice's desktop, 127.0.0.4 the {@code tag:ci} runner, anything else a stranger.
 */
class TailscaleFilterTest {
  private static final String RULES =
      """
      <Location /private>
        Require tailscale-user icing@github
      </Location>
      <Location /app>
        AuthType tailscale
        Require valid-user
      </Location>
      <Location /ci>
        Require tailscale-tag tag:ci
      </Location>
      """;

  private final FakeTailscaled tailscaled = FakeTailscaled.start(FakeTailnet.example());
  private final Map<String, HttpClient> clients = new HashMap<>();
  private Container container;
  private TailscaleFilter filter;

  @AfterEach
  void stop() throws Exception {
    for (HttpClient client : clients.values()) {
      client.stop();
    }
    if (container != null) {
      container.close();
    }
    tailscaled.close();
  }

  private void start(Container.Kind kind, FilterSettings settings) throws Exception {
    filter = new TailscaleFilter(settings);
    container = kind.start(filter, new WhoAmIServlet());
  }

  private void startWhois(Container.Kind kind) throws Exception {
    start(kind, FilterSettings.defaults().withSocket(tailscaled.socketPath()).withRules(RULES));
  }

  private Request from(String source, String path) throws Exception {
    HttpClient client = clients.get(source);
    if (client == null) {
      client = new HttpClient();
      client.setBindAddress(new InetSocketAddress(source, 0));
      client.start();
      // httpd's 401 carries no challenge (there is no password to send); show it as a status
      client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
      clients.put(source, client);
    }
    return client
        .newRequest("http://127.0.0.1:" + container.port() + path)
        .timeout(20, TimeUnit.SECONDS);
  }

  private ContentResponse get(String source, String path) throws Exception {
    return from(source, path).send();
  }

  @ParameterizedTest
  @EnumSource(Container.Kind.class)
  void theNamedUserIsLetInAndTheAppSeesWhoItIs(Container.Kind kind) throws Exception {
    startWhois(kind);

    ContentResponse icing = get("127.0.0.2", "/private/report");

    assertThat(icing.getStatus()).isEqualTo(200);
    assertThat(icing.getContentAsString())
        .contains("user=icing@github")
        .contains("principal=icing@github")
        .contains("authType=tailscale")
        .contains("cap:admin=true")
        .contains("tag:ci=false")
        .contains("node=laptop.headless-chicken.ts.net.")
        .contains("name=Stefan Eissing");
  }

  @ParameterizedTest
  @EnumSource(Container.Kind.class)
  void theWrongUserGets403AndAStrangerGets401WhereAuthenticationIsAsked(Container.Kind kind)
      throws Exception {
    startWhois(kind);

    assertThat(get("127.0.0.3", "/private/report").getStatus()).isEqualTo(403);
    assertThat(get("127.0.0.9", "/private/report").getStatus()).isEqualTo(403);
    assertThat(get("127.0.0.9", "/app/page").getStatus()).isEqualTo(401);
    assertThat(get("127.0.0.3", "/app/page").getContentAsString())
        .contains("user=alice@example.com");
  }

  @ParameterizedTest
  @EnumSource(Container.Kind.class)
  void aTaggedDeviceIsNoUserButItsTagsAreRoles(Container.Kind kind) throws Exception {
    startWhois(kind);

    ContentResponse ci = get("127.0.0.4", "/ci/build");

    assertThat(ci.getStatus()).isEqualTo(200);
    assertThat(ci.getContentAsString())
        .contains("user=null")
        .contains("principal=ci-runner.headless-chicken.ts.net.")
        .contains("tag:ci=true");
    assertThat(get("127.0.0.4", "/app/page").getStatus()).isEqualTo(401);
  }

  @ParameterizedTest
  @EnumSource(Container.Kind.class)
  void identityHeadersFromAClientNeverReachTheApp(Container.Kind kind) throws Exception {
    startWhois(kind);

    ContentResponse forged =
        from("127.0.0.9", "/open")
            .headers(
                h ->
                    h.add("Tailscale-User-Login", "icing@github")
                        .add("tailscale_user_login", "icing@github")
                        .add("TAILSCALE-APP-CAPABILITIES", "{\"example.com/cap/admin\":[{}]}"))
            .send();

    assertThat(forged.getStatus()).isEqualTo(200);
    assertThat(forged.getContentAsString())
        .contains("user=null")
        .contains("cap:admin=false")
        .doesNotContain("header ");
  }

  @ParameterizedTest
  @EnumSource(Container.Kind.class)
  void whenTailscaledIsDownAProtectedPathIs503AndAnOpenOneStillServes(Container.Kind kind)
      throws Exception {
    startWhois(kind);
    tailscaled.down();

    assertThat(get("127.0.0.2", "/private/report").getStatus()).isEqualTo(503);
    assertThat(get("127.0.0.2", "/open").getStatus()).isEqualTo(200);
  }

  @ParameterizedTest
  @EnumSource(Container.Kind.class)
  void behindATrustedProxyItsHeadersAreTheIdentityAndFromAnyoneElseTheyAreDropped(
      Container.Kind kind) throws Exception {
    start(
        kind,
        FilterSettings.defaults()
            .withMode(Mode.TRUSTED_PROXY)
            .withTrustedProxies("127.0.0.1")
            .withProxy(ProxyKind.TAILGATE)
            .withRules(RULES));

    ContentResponse viaProxy =
        from("127.0.0.1", "/app/page")
            .headers(
                h ->
                    h.add("Tailscale-User-Login", "zoe@example.com")
                        .add("Tailscale-User-Name", "=?utf-8?q?Zo=C3=AB_=C3=85kesson?=")
                        .add("Tailscale-App-Capabilities", "{\"example.com/cap/admin\":[{}]}"))
            .send();
    ContentResponse forged =
        from("127.0.0.9", "/app/page")
            .headers(h -> h.add("Tailscale-User-Login", "zoe@example.com"))
            .send();

    assertThat(viaProxy.getStatus()).isEqualTo(200);
    assertThat(viaProxy.getContentAsString())
        .contains("user=zoe@example.com")
        .contains("name=Zoë Åkesson")
        .contains("cap:admin=true");
    assertThat(forged.getStatus()).isEqualTo(401);
  }

  @ParameterizedTest
  @EnumSource(Container.Kind.class)
  void behindTailscaleServeOnlyTheUserHeadersItSetsAreBelievedAndFunnelClientsAreNobody(
      Container.Kind kind) throws Exception {
    start(
        kind,
        FilterSettings.defaults()
            .withMode(Mode.TRUSTED_PROXY)
            .withTrustedProxies("127.0.0.1")
            .withRules(RULES));

    // serve sets the user headers; a client's node, tag and grant headers pass through it as sent
    ContentResponse passedThrough =
        from("127.0.0.1", "/ci/build")
            .headers(
                h ->
                    h.add("Tailscale-User-Login", "zoe@example.com")
                        .add("Tailscale-Node-Tags", "tag:ci")
                        .add("Tailscale-App-Capabilities", "{\"example.com/cap/admin\":[{}]}")
                        .add("tailscale_user_login", "icing@github"))
            .send();
    ContentResponse user =
        from("127.0.0.1", "/app/page")
            .headers(
                h ->
                    h.add("Tailscale-User-Login", "zoe@example.com")
                        .add("Tailscale-App-Capabilities", "{\"example.com/cap/admin\":[{}]}")
                        .add("tailscale_user_login", "icing@github"))
            .send();
    ContentResponse funnel =
        from("127.0.0.1", "/app/page")
            .headers(
                h ->
                    h.add("Tailscale-User-Login", "zoe@example.com")
                        .add("Tailscale-Funnel-Request", "?1"))
            .send();

    assertThat(passedThrough.getStatus()).as("a forged tag opens nothing").isEqualTo(403);
    assertThat(user.getStatus()).isEqualTo(200);
    assertThat(user.getContentAsString())
        .contains("user=zoe@example.com")
        .contains("cap:admin=false")
        .contains("header Tailscale-User-Login=zoe@example.com")
        .doesNotContain("tailscale_user_login")
        .doesNotContain("Tailscale-App-Capabilities");
    assertThat(funnel.getStatus()).as("someone from the internet is nobody").isEqualTo(401);
  }

  @Test
  void declaredAsInWebXmlItReadsItsInitParameters() throws Exception {
    container =
        Container.tomcatWithInitParameters(
            Map.of("socket", tailscaled.socketPath().toString(), "rules", RULES),
            new WhoAmIServlet());

    assertThat(get("127.0.0.2", "/private/report").getContentAsString())
        .contains("user=icing@github");
    assertThat(get("127.0.0.3", "/private/report").getStatus()).isEqualTo(403);
  }

  @Test
  void brokenRulesAreRefusedAtStartWithTheirLine() {
    assertThatThrownBy(
            () ->
                FilterSettings.defaults()
                    .withRules(
                        "<Location /x>\n  Require tailscale-usr icing@github\n</Location>\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rules:2")
        .hasMessageContaining("tailscale-usr");
  }
}
