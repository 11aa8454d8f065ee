package dev.tailgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WhoisTest {
  @RegisterExtension static final LocalApi api = new LocalApi();
  private FakeTailscaled fake;

  @BeforeEach
  void start() {
    fake = FakeTailscaled.start(Fixtures.whoisTailnet());
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private ContentResponse whois(String addr) {
    return api.get(
        fake.socketPath(),
        "/localapi/v0/whois?addr=" + URLEncoder.encode(addr, StandardCharsets.UTF_8));
  }

  @ParameterizedTest(name = "{0} is byte-identical to {1}")
  @CsvSource({
    "100.101.42.7:51234, whois-user.json",
    "100.88.17.120:443, whois-tagged.json",
    "100.77.201.9:40000, whois-shared.json",
    "100.92.164.89:1, whois-shared-in.json"
  })
  void bodiesAreTheFixturesByteForByte(String addr, String fixture) {
    ContentResponse response = whois(addr);

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(response.getContentAsString()).isEqualTo(Fixtures.text(fixture));
    assertThat(response.getContentAsString()).doesNotEndWith("\n");
  }

  @Test
  void taggedNodeIsOwnedByThePerTailnetPseudoUser() {
    JsonNode body = Fixtures.json(whois("100.88.17.120").getContentAsString());

    assertThat(body.at("/Node/Tags").toString()).isEqualTo("[\"tag:ci\",\"tag:deploy\"]");
    assertThat(body.at("/UserProfile/LoginName").asText()).isEqualTo("tagged-devices");
    assertThat(body.at("/UserProfile/DisplayName").asText()).isEqualTo("Tagged Devices");
    assertThat(body.at("/UserProfile/ID").asLong())
        .isEqualTo(30504053928343272L)
        .isGreaterThan(1L << 53);
    assertThat(body.at("/Node/User").asLong()).isEqualTo(30504053928343272L);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "100.101.42.7",
        "100.101.42.7:1",
        "100.101.42.7:65535",
        "fd7a:115c:a1e0::c701:2a07",
        "[fd7a:115c:a1e0::c701:2a07]:8443",
        "[FD7A:115C:A1E0:0:0:0:C701:2A07]:1",
        "::ffff:100.101.42.7",
        "[::ffff:100.101.42.7]:80"
      })
  void everyAddressFormOfANodeFindsIt(String addr) {
    ContentResponse response = whois(addr);

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(Fixtures.json(response.getContentAsString()).at("/UserProfile/LoginName").asText())
        .isEqualTo("alice@example.com");
  }

  @Test
  void selfNodeIsFoundToo() {
    JsonNode body = Fixtures.json(whois("100.64.12.34:22").getContentAsString());

    assertThat(body.at("/Node/Name").asText()).isEqualTo("vps.tail4c2a9.ts.net.");
    assertThat(body.at("/CapMap").isNull()).isTrue();
  }

  @Test
  void nodeKeyLookup() {
    ContentResponse response =
        whois("nodekey:69f62d3d98e6835792ea1fb1e9d2f6f10725b85a017ad2aa88b86d4d111a9358");

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(Fixtures.json(response.getContentAsString()).at("/Node/StableID").asText())
        .isEqualTo("nX7kQ2fJ9R11CNTRL");
  }

  @Test
  void missingAddr() {
    ContentResponse response = api.get(fake.socketPath(), "/localapi/v0/whois");

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.getContentAsString()).isEqualTo("missing 'addr' parameter\n");
    assertThat(response.getHeaders().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
  }

  @Test
  void oldIpParameterIsNotAccepted() {
    ContentResponse response = api.get(fake.socketPath(), "/localapi/v0/whois?ip=100.101.42.7");

    assertThat(response.getContentAsString()).isEqualTo("missing 'addr' parameter\n");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "localhost",
        "100.101.42",
        "100.101.042.7",
        "100.101.42.7:",
        "100.101.42.7:65536",
        "fd7a:115c:a1e0::c701:2a07:80x",
        "[100.101.42.7]:80",
        "fd7a::1]:80",
        "[fd7a::1]",
        "100.101.42.7:-1",
        "host.example.com:443"
      })
  void unparsableAddr(String addr) {
    ContentResponse response = whois(addr);

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.getContentAsString()).isEqualTo("invalid 'addr' parameter\n");
  }

  @Test
  void badNodeKey() {
    ContentResponse response = whois("nodekey:1234");

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.getContentAsString()).isEqualTo("invalid nodekey in 'addr' parameter\n");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "100.100.100.100:80",
        "127.0.0.1:5000",
        "10.0.3.15",
        "nodekey:0000000000000000000000000000000000000000000000000000000000000000"
      })
  void unknownAddressIs404(String addr) {
    ContentResponse response = whois(addr);

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getContentAsString()).isEqualTo("no match for IP:port\n");
  }

  @Test
  void loopbackAliasMatchesAnyPortButKeepsTheTailnetAddresses() {
    fake.tailnet().updateNode("alice-laptop", b -> b.loopbackAliases("127.0.0.2"));

    for (String addr : new String[] {"127.0.0.2:50000", "127.0.0.2:1", "127.0.0.2"}) {
      JsonNode body = Fixtures.json(whois(addr).getContentAsString());
      assertThat(body.at("/UserProfile/LoginName").asText()).isEqualTo("alice@example.com");
      assertThat(body.at("/Node/Addresses").toString())
          .isEqualTo("[\"100.101.42.7/32\",\"fd7a:115c:a1e0::c701:2a07/128\"]");
    }
    assertThat(whois("127.0.0.3:50000").getStatus()).isEqualTo(404);
  }

  @Test
  void connectionMappingMatchesOnlyTheExactIpAndPort() {
    fake.tailnet().mapConnection("127.0.0.1:40001", "ci-runner-1");

    assertThat(
            Fixtures.json(whois("127.0.0.1:40001").getContentAsString()).at("/Node/Name").asText())
        .isEqualTo("ci-runner-1.tail4c2a9.ts.net.");
    assertThat(whois("127.0.0.1:40002").getStatus()).isEqualTo(404);
    assertThat(whois("127.0.0.1").getStatus()).isEqualTo(404);

    fake.tailnet().unmapConnection("127.0.0.1:40001");
    assertThat(whois("127.0.0.1:40001").getStatus()).isEqualTo(404);
  }

  @Test
  void ownerWithoutProfileIs404LikeAMissingNetmapEntry() {
    fake.tailnet().removeUser(Fixtures.ALICE.id());

    assertThat(whois("100.101.42.7").getStatus()).isEqualTo(404);
  }

  @Test
  void notLoggedInIs404() {
    fake.tailnet().setLoggedIn(false);

    ContentResponse response = whois("100.101.42.7");

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getContentAsString()).isEqualTo("no match for IP:port\n");
  }

  @Test
  void changesToTheTailnetShowImmediately() {
    fake.tailnet()
        .updateNode(
            "alice-laptop", b -> b.revokeGrants().grant("example.com/cap/x", "[1,2.50,1e3]"));

    String body = whois("100.101.42.7").getContentAsString();

    assertThat(body)
        .endsWith(
            "\"CapMap\": {\n\t\t\"example.com/cap/x\": [\n\t\t\t[\n\t\t\t\t1,\n\t\t\t\t2.50,\n"
                + "\t\t\t\t1e3\n\t\t\t]\n\t\t]\n\t}\n}");
  }

  @Test
  void grantValuesKeepTheirNumbersAndGoEscaping() {
    fake.tailnet().grant("alice-laptop", "a/cap", "{\"q\":\"a<b&c>\",\"n\":12345678901234567890}");

    String body = whois("100.101.42.7").getContentAsString();

    assertThat(body)
        .contains("\"q\": \"a\\u003cb\\u0026c\\u003e\"")
        .contains("\"n\": 12345678901234567890");
    assertThat(body.indexOf("\"a/cap\"")).isLessThan(body.indexOf("\"example.com/cap/proxy\""));
  }
}
