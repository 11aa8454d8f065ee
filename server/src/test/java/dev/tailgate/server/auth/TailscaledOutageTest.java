package dev.tailgate.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.LocalApiRoute;
import java.nio.file.Files;
import java.time.Duration;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fail closed and say so: tailscaled down, slow or answering garbage is a 503 that names tailscaled
 * for requests that need an identity, never a 401/403 that would hide the outage, and nothing at
 * all for requests that need none. A whois 404 stays httpd's 401/403.
 */
class TailscaledOutageTest {
  private static final String CONFIG =
      """
        AuthTailscaleCacheTimeout 0
        ErrorLog %s
        """;
  private static final String LOCATIONS =
      """
          <Location /private>
            Require tailscale-user icing@github
          </Location>
          <Location /login>
            AuthType tailscale
            Require valid-user
          </Location>
          <Location /by-address>
            AuthType tailscale
            Require ip 127.0.0.2
          </Location>
        """;

  private FakeTailscaled tailscaled;
  private AuthSite harness;
  private HttpClient icing;

  @BeforeEach
  void start() throws Exception {
    tailscaled = FakeTailscaled.start(FakeTailnet.example());
    harness = new AuthSite(tailscaled);
    harness.start(CONFIG.formatted(harness.dir.resolve("error.log")), LOCATIONS);
    icing = harness.clientFrom("127.0.0.2");
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
    tailscaled.close();
  }

  private ContentResponse get(String path) throws Exception {
    return icing.GET(harness.url(path));
  }

  private static void assertUnreachable(ContentResponse response) {
    assertThat(response.getStatus()).isEqualTo(503);
    assertThat(response.getContentAsString()).contains("tailscaled is unreachable");
  }

  @Test
  void tailscaledDyingMidConnectionGives503AndComingBackServesAgain() throws Exception {
    assertThat(get("/private").getStatus()).isEqualTo(200);

    tailscaled.down();
    assertUnreachable(get("/private"));
    assertUnreachable(get("/login"));
    assertThat(get("/public").getStatus()).as("needs no identity").isEqualTo(200);
    assertThat(get("/by-address").getStatus()).as("Require ip needs no whois").isEqualTo(200);

    tailscaled.up();
    assertThat(get("/private").getStatus()).isEqualTo(200);
    assertThat(get("/login").getStatus()).isEqualTo(200);
  }

  @Test
  void aRefusedConnectionIsAnOutageToo() throws Exception {
    tailscaled.refuse();

    assertUnreachable(get("/private"));
  }

  @Test
  void garbageAndServerErrorsAreOutagesNotAnonymousPeers() throws Exception {
    tailscaled.faults().garbage();
    assertUnreachable(get("/private"));
    tailscaled.faults().clear().serverError("boom");
    assertUnreachable(get("/login"));
    tailscaled.faults().clear().deny();
    assertUnreachable(get("/login"));
  }

  @Test
  void aSlowTailscaledTimesOutInto503WithoutHoldingOtherRequests() throws Exception {
    tailscaled.faults().slow(Duration.ofSeconds(30));

    assertUnreachable(get("/private"));
    assertThat(get("/public").getStatus()).isEqualTo(200);
  }

  @Test
  void notAPeerIsHttpds401Or403NotAnOutage() throws Exception {
    HttpClient stranger = harness.clientFrom("127.0.0.9");

    assertThat(stranger.GET(harness.url("/private")).getStatus()).isEqualTo(403);
    assertThat(stranger.GET(harness.url("/login")).getStatus()).isEqualTo(401);
    tailscaled.faults().notLoggedIn(true);
    assertThat(get("/private").getStatus()).isEqualTo(403);
  }

  /**
   * mod_authnz_tailscale's own case 001_03 answers whois with a UserProfile and no Node and expects
   * 200. Real tailscaled always sends Node, so tailgate refuses such an answer (docs/security.md),
   * but the log must say what happened, not call a daemon that answered "unreachable".
   */
  @Test
  void aWhoisAnswerWithoutNodeIsRefusedAndLoggedAsSuch() throws Exception {
    tailscaled
        .faults()
        .garbage(
            "{\"UserProfile\":{\"ID\":1,\"LoginName\":\"icing@github\",\"DisplayName\":\"Icing\"}}",
            LocalApiRoute.WHOIS);

    assertUnreachable(get("/login"));

    String log = Files.readString(harness.dir.resolve("error.log"));
    assertThat(log)
        .contains("answered, but not usably")
        .contains("lacks Node")
        .doesNotContain("unreachable");
  }
}
