package dev.tailgate.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.testkit.FakeNode;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.FakeUser;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * httpd's two-pass flow, combinators, section merging, tagged and shared peers, end to end. In the
 * example tailnet icing@github's laptop is 127.0.0.2, alice@example.com's desktop 127.0.0.3 and the
 * tagged ci-runner 127.0.0.4.
 */
class AccessFlowTest {
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

  private int status(String from, String path) throws Exception {
    return harness.clientFrom(from).GET(harness.url(path)).getStatus();
  }

  @Test
  void requireAllOfValidUserAndALoginRefusesOthersWith403InThePassWithoutUser() throws Exception {
    harness.startWithRoot(
        """
        AuthType tailscale
        <RequireAll>
          Require valid-user
          Require tailscale-user icing@github
        </RequireAll>""");

    assertThat(status("127.0.0.2", "/")).isEqualTo(200);
    assertThat(harness.backend.take().fields().get("X-Remote-User")).isEqualTo("icing@github");
    assertThat(status("127.0.0.3", "/")).isEqualTo(403);
    assertThat(status("127.0.0.9", "/")).isEqualTo(403);
  }

  @Test
  void requireUserRefusesOthersWith401OrWith403WhenForbiddenOnFailure() throws Exception {
    harness.start(
        "",
        """
          <Location />
            AuthType tailscale
            Require user icing@github
          </Location>
          <Location /strict>
            AuthzSendForbiddenOnFailure on
          </Location>
        """);

    assertThat(status("127.0.0.2", "/")).isEqualTo(200);
    assertThat(status("127.0.0.3", "/")).isEqualTo(401);
    assertThat(status("127.0.0.3", "/strict")).isEqualTo(403);
    assertThat(status("127.0.0.9", "/strict")).isEqualTo(401);
  }

  @Test
  void aChildSectionReplacesItsParentUnlessAuthMergingSaysOtherwise() throws Exception {
    harness.start(
        "",
        """
          <Location />
            Require tailscale-user icing@github
          </Location>
          <Location /alice>
            Require tailscale-user alice@example.com
          </Location>
          <Location /both>
            AuthMerging Or
            Require tailscale-user alice@example.com
          </Location>
          <Location /both/narrow>
            AuthMerging And
            Require ip 127.0.0.3
          </Location>
          <Location /inherits>
            AuthName "nothing about rules"
          </Location>
        """);

    assertThat(status("127.0.0.2", "/alice")).isEqualTo(403);
    assertThat(status("127.0.0.3", "/alice")).isEqualTo(200);
    assertThat(status("127.0.0.2", "/both")).isEqualTo(200);
    assertThat(status("127.0.0.3", "/both")).isEqualTo(200);
    assertThat(status("127.0.0.2", "/both/narrow")).isEqualTo(403);
    assertThat(status("127.0.0.3", "/both/narrow")).isEqualTo(200);
    assertThat(status("127.0.0.2", "/inherits")).isEqualTo(200);
    assertThat(status("127.0.0.3", "/inherits")).isEqualTo(403);
  }

  @Test
  void requireNotTakesUsersOutOfAGrant() throws Exception {
    harness.startWithRoot(
        """
        <RequireAll>
          Require tailscale-user *
          Require not tailscale-user alice@example.com
        </RequireAll>""");

    assertThat(status("127.0.0.2", "/")).isEqualTo(200);
    assertThat(status("127.0.0.3", "/")).isEqualTo(403);
  }

  @Test
  void taggedDevicesAreNoPersonButPassRulesNamingTheirTagsOrNode() throws Exception {
    harness.start(
        "",
        """
          <Location /people>
            Require tailscale-user *
          </Location>
          <Location /login>
            AuthType tailscale
            Require valid-user
          </Location>
          <Location /ci>
            Require tailscale-tag tag:ci
          </Location>
          <Location /runner>
            Require tailscale-node ci-runner.headless-chicken.ts.net
          </Location>
        """);

    assertThat(status("127.0.0.4", "/people")).isEqualTo(403);
    assertThat(status("127.0.0.4", "/login")).isEqualTo(401);
    assertThat(status("127.0.0.4", "/ci")).isEqualTo(200);
    assertThat(harness.backend.take().fields().get("Tailscale-Node-Tags")).isEqualTo("tag:ci");
    assertThat(status("127.0.0.4", "/runner")).isEqualTo(200);
    assertThat(status("127.0.0.2", "/ci")).isEqualTo(403);
  }

  @Test
  void withTheSwitchTaggedDevicesAreTheUserTaggedDevicesAsInHttpd() throws Exception {
    harness.start(
        "AuthTailscaleTaggedAsUser on\n",
        """
          <Location />
            AuthType tailscale
            Require valid-user
          </Location>
        """);

    assertThat(status("127.0.0.4", "/")).isEqualTo(200);
    assertThat(harness.backend.take().fields().get("X-Remote-User")).isEqualTo("tagged-devices");
  }

  @Test
  void capabilityGrantsOfTheTailnetPolicyDecide() throws Exception {
    harness.startWithRoot("Require tailscale-cap example.com/cap/admin");

    assertThat(status("127.0.0.2", "/")).isEqualTo(200);
    assertThat(harness.backend.take().fields().get("Tailscale-App-Capabilities"))
        .isEqualTo("{\"example.com/cap/admin\":[{\"role\":\"admin\"}]}");
    assertThat(status("127.0.0.3", "/")).isEqualTo(403);
  }

  @Test
  void sharedInAndShareeUsersAreUsersButTheirTailnetIsNotOurs() throws Exception {
    FakeTailnet tailnet = tailscaled.tailnet();
    FakeUser carol = tailnet.addUser("carol@other.org", "Carol");
    FakeUser dave = tailnet.addUser("dave@other.org", "Dave");
    FakeUser bob = tailnet.addUser("bob@github", "Bob");
    tailnet.addNode(
        FakeNode.sharedIn("nas.tail9f3e1.ts.net", carol, dave).loopbackAliases("127.0.0.5"));
    tailnet.addNode(FakeNode.sharee(bob).loopbackAliases("127.0.0.6"));
    harness.start(
        "",
        """
          <Location /ours>
            Require tailscale-tailnet headless-chicken.ts.net
          </Location>
          <Location /anyone>
            AuthType tailscale
            Require valid-user
          </Location>
        """);

    assertThat(status("127.0.0.5", "/ours")).isEqualTo(403);
    assertThat(status("127.0.0.6", "/ours")).isEqualTo(403);
    assertThat(status("127.0.0.2", "/ours")).isEqualTo(200);
    harness.backend.take().fields();
    assertThat(status("127.0.0.5", "/anyone")).isEqualTo(200);
    assertThat(harness.backend.take().fields().get("X-Remote-User")).isEqualTo("carol@other.org");
    assertThat(status("127.0.0.6", "/anyone")).isEqualTo(200);
  }

  @Test
  void theAccessLogShowsTheLoginAsUserOnlyWhereAuthenticationRan() throws Exception {
    harness.start(
        "",
        """
          <Location /login>
            AuthType tailscale
            Require valid-user
          </Location>
          <Location /authz-only>
            Require tailscale-user icing@github
          </Location>
        """);
    assertThat(status("127.0.0.2", "/login")).isEqualTo(200);
    assertThat(status("127.0.0.2", "/authz-only")).isEqualTo(200);
    assertThat(status("127.0.0.9", "/login")).isEqualTo(401);

    assertThat(harness.stopAndReadAccessLog())
        .containsExactly("icing@github 200", "- 200", "- 401");
  }

  @Test
  void authTypeWithoutAnyRequireIsA500AsInHttpd() throws Exception {
    harness.start(
        "",
        """
          <Location /half>
            AuthType tailscale
          </Location>
        """);

    ContentResponse response = harness.clientFrom("127.0.0.2").GET(harness.url("/half"));

    assertThat(response.getStatus()).isEqualTo(500);
  }
}
