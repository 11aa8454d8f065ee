package dev.tailgate.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.testkit.FakeNode;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.FakeUser;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a backend sees: tailscale serve's identity headers, never a client's forgeries. */
class IdentityHeadersTest {
  private FakeTailscaled tailscaled;
  private AuthSite harness;

  @BeforeEach
  void start() throws Exception {
    tailscaled = FakeTailscaled.start(FakeTailnet.example());
    harness = new AuthSite(tailscaled);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
    tailscaled.close();
  }

  private HttpFields backendSees(String from, String path, String... clientHeaders)
      throws Exception {
    var request = harness.clientFrom(from).newRequest(harness.url(path));
    for (int i = 0; i < clientHeaders.length; i += 2) {
      String name = clientHeaders[i];
      String value = clientHeaders[i + 1];
      request.headers(h -> h.add(name, value));
    }
    ContentResponse response = request.send();
    assertThat(response.getStatus()).isEqualTo(200);
    return harness.backend.take().fields();
  }

  @Test
  void aTailnetUserArrivesWithServesHeaders() throws Exception {
    harness.startWithRoot("Require tailscale-user *");

    HttpFields seen = backendSees("127.0.0.2", "/");

    assertThat(seen.get("Tailscale-User-Login")).isEqualTo("icing@github");
    assertThat(seen.get("Tailscale-User-Name")).isEqualTo("Stefan Eissing");
    assertThat(seen.get("Tailscale-User-Profile-Pic"))
        .isEqualTo("https://avatars.githubusercontent.com/u/3468209?v=4");
    assertThat(seen.get("Tailscale-Node-Name")).isEqualTo("laptop.headless-chicken.ts.net.");
    assertThat(seen.get("Tailscale-Node-Tags")).isNull();
    assertThat(seen.get("X-Remote-User")).isNull();
  }

  @Test
  void aChangedProfileReachesTheBackendOnTheSameConnectionWithTheNextWhois() throws Exception {
    harness.start(
        "AuthTailscaleCacheTimeout 0\n",
        "  <Location />\n    Require tailscale-user *\n  </Location>\n");
    var icing = harness.clientFrom("127.0.0.2");
    assertThat(icing.GET(harness.url("/first")).getStatus()).isEqualTo(200);
    assertThat(harness.backend.take().fields().get("Tailscale-User-Name"))
        .isEqualTo("Stefan Eissing");

    FakeUser before = tailscaled.tailnet().user("icing@github").orElseThrow();
    tailscaled
        .tailnet()
        .addUser(
            new FakeUser(
                before.id(),
                before.loginName(),
                "Stefan (renamed)",
                before.profilePicUrl(),
                before.groups()));
    assertThat(icing.GET(harness.url("/second")).getStatus()).isEqualTo(200);

    assertThat(harness.backend.take().fields().get("Tailscale-User-Name"))
        .isEqualTo("Stefan (renamed)");
    assertThat(tailscaled.requests().to("whois")).hasSize(2);
  }

  @Test
  void nonAsciiNamesAreRfc2047EncodedAsServeDoes() throws Exception {
    FakeUser zoe = tailscaled.tailnet().addUser("zoe@example.com", "Zoë Müller");
    tailscaled.tailnet().addNode(FakeNode.named("zoe-pc").owner(zoe).loopbackAliases("127.0.0.7"));
    harness.startWithRoot("Require tailscale-user *");

    assertThat(backendSees("127.0.0.7", "/").get("Tailscale-User-Name"))
        .isEqualTo("=?utf-8?q?Zo=C3=AB_M=C3=BCller?=");
  }

  @Test
  void taggedDevicesGetNoUserHeadersButTheirNodeAndTags() throws Exception {
    harness.startWithRoot("Require tailscale-tag tag:ci");

    HttpFields seen = backendSees("127.0.0.4", "/");

    assertThat(seen.get("Tailscale-User-Login")).isNull();
    assertThat(seen.get("Tailscale-Node-Name")).isEqualTo("ci-runner.headless-chicken.ts.net.");
    assertThat(seen.get("Tailscale-Node-Tags")).isEqualTo("tag:ci");
  }

  @Test
  void headerNamesAreConfigurableAndFieldsCanBeTurnedOff() throws Exception {
    harness.start(
        "AuthTailscaleHeader user-login X-Forwarded-User\nAuthTailscaleHeader user-profile-pic off\n",
        """
          <Location />
            AuthType tailscale
            Require valid-user
          </Location>
        """);

    HttpFields seen = backendSees("127.0.0.2", "/");

    assertThat(seen.get("X-Forwarded-User")).isEqualTo("icing@github");
    assertThat(seen.get("X-Remote-User")).isEqualTo("icing@github");
    assertThat(seen.get("Tailscale-User-Login")).isNull();
    assertThat(seen.get("Tailscale-User-Profile-Pic")).isNull();
  }

  @Test
  void clientCopiesOfEveryIdentityHeaderAreStrippedEvenWithoutAnyAuth() throws Exception {
    harness.start(
        "AuthTailscaleHeader user-login X-Forwarded-User\n",
        """
          <Location /private>
            Require tailscale-user *
          </Location>
        """);
    String[] forged = {
      "Tailscale-User-Login",
      "ceo@example.com",
      "tailscale-user-name",
      "CEO",
      "X-Forwarded-User",
      "ceo",
      "X-Remote-User",
      "ceo",
      "Tailscale-User",
      "ceo@example.com",
      "Tailscale-App-Capabilities",
      "{}",
      "X-Other",
      "kept"
    };

    HttpFields open = backendSees("127.0.0.9", "/public", forged);
    HttpFields authed = backendSees("127.0.0.3", "/private", forged);

    for (HttpFields seen : new HttpFields[] {open, authed}) {
      assertThat(seen.get("X-Remote-User")).isNull();
      assertThat(seen.get("Tailscale-User")).isNull();
      assertThat(seen.get("Tailscale-App-Capabilities")).isNull();
      assertThat(seen.get("X-Other")).isEqualTo("kept");
    }
    assertThat(open.get("Tailscale-User-Login")).isNull();
    assertThat(open.get("Tailscale-User-Name")).isNull();
    assertThat(open.get("X-Forwarded-User")).isNull();
    assertThat(authed.getValuesList("X-Forwarded-User")).containsExactly("alice@example.com");
    assertThat(authed.getValuesList("Tailscale-User-Name")).containsExactly("Alice Example");
  }
}
