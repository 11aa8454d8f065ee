package dev.tailgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StatusTest {
  @RegisterExtension static final LocalApi api = new LocalApi();
  private FakeTailscaled fake;

  @BeforeEach
  void start() {
    fake = FakeTailscaled.start(Fixtures.statusTailnet());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private ContentResponse status(String query) {
    return api.get(fake.socketPath(), "/localapi/v0/status" + query);
  }

  @Test
  void hasTheShapeOfTheFixture() {
    String body = status("").getContentAsString();

    assertThat(withoutSelfCaps(Fixtures.shape(Fixtures.json(body))))
        .containsExactlyElementsOf(
            withoutSelfCaps(Fixtures.shape(Fixtures.json(Fixtures.text("status.json")))));
    assertThat(body).endsWith("}\n").doesNotEndWith("\n\n").startsWith("{\n\t\"Version\": ");
  }

  @Test
  void reportsTheTailnetAsTheFixtureDoes() {
    JsonNode body = Fixtures.json(status("").getContentAsString());
    JsonNode fixture = Fixtures.json(Fixtures.text("status.json"));

    for (String pointer :
        List.of(
            "/BackendState",
            "/TailscaleIPs",
            "/Self/ID",
            "/Self/PublicKey",
            "/Self/DNSName",
            "/Self/UserID",
            "/Self/Tags",
            "/Self/TailscaleIPs",
            "/Self/AllowedIPs",
            "/Self/PeerAPIURL",
            "/MagicDNSSuffix",
            "/CurrentTailnet",
            "/CertDomains",
            "/User",
            "/Peer/nodekey:69f62d3d98e6835792ea1fb1e9d2f6f10725b85a017ad2aa88b86d4d111a9358/DNSName",
            "/Peer/nodekey:69f62d3d98e6835792ea1fb1e9d2f6f10725b85a017ad2aa88b86d4d111a9358/KeyExpiry",
            "/Peer/nodekey:b51e4724d2dad745134c9b3346cccf7bcf1644d2c1532801473888390cc618a7/Tags")) {
      assertThat(body.at(pointer)).as(pointer).isEqualTo(fixture.at(pointer));
    }
    assertThat(body.at("/Self/CapMap").has("https")).isTrue();
    assertThat(body.at("/Self/Capabilities/0").asText())
        .startsWith("HTTPS://TAILSCALE.COM/s/DEPRECATED-NODE-CAPS");
  }

  @ParameterizedTest(name = "peers={0}")
  @ValueSource(strings = {"false", "0", "f", "F", "FALSE", "False"})
  void peersOffLikeGoParseBool(String value) {
    String body = status("?peers=" + value).getContentAsString();

    assertThat(withoutSelfCaps(Fixtures.shape(Fixtures.json(body))))
        .containsExactlyElementsOf(
            withoutSelfCaps(Fixtures.shape(Fixtures.json(Fixtures.text("status-nopeers.json")))));
    assertThat(Fixtures.json(body).get("Peer").isNull()).isTrue();
    assertThat(Fixtures.json(body).get("User").isNull()).isTrue();
  }

  @ParameterizedTest(name = "peers={0}")
  @ValueSource(strings = {"true", "1", "yes", "no", "off", ""})
  void anythingElseKeepsPeers(String value) {
    JsonNode body = Fixtures.json(status("?peers=" + value).getContentAsString());

    assertThat(body.get("Peer").size()).isEqualTo(2);
  }

  @Test
  void loggedOutIsNeedsLoginWithoutNetmap() {
    fake.tailnet().setLoggedIn(false);

    String body = status("").getContentAsString();

    assertThat(Fixtures.shape(Fixtures.json(body)))
        .containsExactlyElementsOf(
            Fixtures.shape(Fixtures.json(Fixtures.text("status-needslogin.json"))));
    assertThat(Fixtures.json(body).get("BackendState").asText()).isEqualTo("NeedsLogin");
    assertThat(Fixtures.json(body).at("/Self/HostName").asText()).isEqualTo("vps");
  }

  @Test
  void httpsOffMeansNullCertDomainsAndNoHttpsAttribute() {
    fake.tailnet().setHttpsEnabled(false);

    JsonNode body = Fixtures.json(status("").getContentAsString());

    assertThat(body.has("CertDomains")).isTrue();
    assertThat(body.get("CertDomains").isNull()).isTrue();
    assertThat(body.at("/Self/CapMap/https").isMissingNode()).isTrue();
  }

  @Test
  void sharedInPeerNamesItsSharerAndProfiles() {
    fake.tailnet()
        .addNode(FakeNode.sharedIn("nas.tail9f3e1.ts.net", Fixtures.CAROL, Fixtures.DAVE));
    FakeNode nas = fake.tailnet().node("nas.tail9f3e1.ts.net");

    JsonNode body = Fixtures.json(status("").getContentAsString());

    JsonNode peer = body.get("Peer").get(nas.key());
    assertThat(peer.get("DNSName").asText()).isEqualTo("nas.tail9f3e1.ts.net.");
    assertThat(peer.get("UserID").asLong()).isEqualTo(Fixtures.CAROL.id());
    assertThat(peer.get("AltSharerUserID").asLong()).isEqualTo(Fixtures.DAVE.id());
    assertThat(body.get("User").has(Long.toString(Fixtures.DAVE.id()))).isTrue();
  }

  @Test
  void certDomainsEndpoint() {
    ContentResponse on = api.get(fake.socketPath(), "/localapi/v0/cert-domains");
    fake.tailnet().setHttpsEnabled(false);
    ContentResponse off = api.get(fake.socketPath(), "/localapi/v0/cert-domains");

    assertThat(on.getContentAsString()).isEqualTo("[\"vps.tail4c2a9.ts.net\"]\n");
    assertThat(on.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(off.getContentAsString()).isEqualTo("[]\n");
  }

  private static List<String> withoutSelfCaps(List<String> shape) {
    return shape.stream()
        .filter(l -> !l.startsWith("$.Self.Capabilities") && !l.startsWith("$.Self.CapMap"))
        .toList();
  }
}
