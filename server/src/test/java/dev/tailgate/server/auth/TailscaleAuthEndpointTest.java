package dev.tailgate.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.testkit.FakeNode;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.FakeUser;
import dev.tailgate.testkit.LocalApiRoute;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** nginx-auth's decision table, asked directly the way nginx's auth_request asks. */
class TailscaleAuthEndpointTest {
  private FakeTailscaled tailscaled;
  private AuthSite harness;

  @BeforeEach
  void start() throws Exception {
    tailscaled = FakeTailscaled.start(FakeTailnet.example());
    harness = new AuthSite(tailscaled);
    harness.startWith(
        "Listen 127.0.0.1:"
            + harness.port
            + " http\n"
            + "AuthTailscaleURL "
            + tailscaled.socketPath()
            + "\n"
            + "<Location /auth>\n  SetHandler tailscale-auth\n</Location>\n");
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
    tailscaled.close();
  }

  private ContentResponse ask(String... headers) throws Exception {
    Request request =
        harness.clientFrom("127.0.0.1").newRequest("http://127.0.0.1:" + harness.port + "/auth");
    for (int i = 0; i < headers.length; i += 2) {
      String name = headers[i];
      String value = headers[i + 1];
      request.headers(h -> h.put(name, value));
    }
    return request.send();
  }

  @Test
  void aUserGets204WithNginxAuthsHeaders() throws Exception {
    ContentResponse response = ask("Remote-Addr", "127.0.0.3", "Remote-Port", "51234");

    assertThat(response.getStatus()).isEqualTo(204);
    assertThat(response.getHeaders().get("Tailscale-User")).isEqualTo("alice@example.com");
    assertThat(response.getHeaders().get("Tailscale-Login")).isEqualTo("alice");
    assertThat(response.getHeaders().get("Tailscale-Name")).isEqualTo("Alice Example");
    assertThat(response.getHeaders().get("Tailscale-Tailnet")).isEqualTo("headless-chicken.ts.net");
    assertThat(tailscaled.requests().whoisCount("127.0.0.3:51234")).isEqualTo(1);
  }

  @Test
  void missingAddressIs400AndAnUnparsableOneIs401() throws Exception {
    assertThat(ask("Remote-Port", "1").getStatus()).isEqualTo(400);
    assertThat(ask("Remote-Addr", "127.0.0.2").getStatus()).isEqualTo(400);
    assertThat(ask("Remote-Addr", "laptop.example.com", "Remote-Port", "1").getStatus())
        .isEqualTo(401);
    assertThat(ask("Remote-Addr", "127.0.0.2", "Remote-Port", "70000").getStatus()).isEqualTo(401);
  }

  @Test
  void expectedTailnetMatchesWithOrWithoutTheTrailingDot() throws Exception {
    assertThat(
            ask(
                    "Remote-Addr",
                    "127.0.0.2",
                    "Remote-Port",
                    "1",
                    "Expected-Tailnet",
                    "headless-chicken.ts.net")
                .getStatus())
        .isEqualTo(204);
    assertThat(
            ask(
                    "Remote-Addr",
                    "127.0.0.2",
                    "Remote-Port",
                    "1",
                    "Expected-Tailnet",
                    "headless-chicken.ts.net.")
                .getStatus())
        .isEqualTo(204);
    assertThat(
            ask(
                    "Remote-Addr",
                    "127.0.0.2",
                    "Remote-Port",
                    "1",
                    "Expected-Tailnet",
                    "tail4c2a9.ts.net")
                .getStatus())
        .isEqualTo(403);
  }

  @Test
  void shareeUsersHaveNoTailnetAndFailAnExpectedOne() throws Exception {
    FakeUser bob = tailscaled.tailnet().addUser("bob@github", "Bob");
    tailscaled.tailnet().addNode(FakeNode.sharee(bob).loopbackAliases("127.0.0.6"));

    ContentResponse anyTailnet = ask("Remote-Addr", "127.0.0.6", "Remote-Port", "1");
    assertThat(anyTailnet.getStatus()).isEqualTo(204);
    assertThat(anyTailnet.getHeaders().get("Tailscale-User")).isEqualTo("bob@github");
    assertThat(anyTailnet.getHeaders().get("Tailscale-Tailnet")).isEmpty();
    assertThat(
            ask(
                    "Remote-Addr",
                    "127.0.0.6",
                    "Remote-Port",
                    "1",
                    "Expected-Tailnet",
                    "headless-chicken.ts.net")
                .getStatus())
        .isEqualTo(403);
  }

  @Test
  void ipv6ClientsAreAskedForInBrackets() throws Exception {
    ContentResponse response =
        ask("Remote-Addr", "fd7a:115c:a1e0::c701:2a07", "Remote-Port", "443");

    assertThat(response.getStatus()).isEqualTo(204);
    assertThat(response.getHeaders().get("Tailscale-User")).isEqualTo("icing@github");
  }

  @Test
  void aLoginTooLongToRepresentIsRefusedNotAllowedWithAnEmptyUser() throws Exception {
    FakeUser longLogin =
        tailscaled.tailnet().addUser("x".repeat(130) + "@example.com", "Long Login");
    tailscaled
        .tailnet()
        .addNode(FakeNode.named("long-login").owner(longLogin).loopbackAliases("127.0.0.9"));

    ContentResponse response = ask("Remote-Addr", "127.0.0.9", "Remote-Port", "1");

    // nginx lets any 2xx through; the proxy path refuses this peer, so the endpoint must too
    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getHeaders().get("Tailscale-User")).isNull();
  }

  @Test
  void tailscaledUnreachableIs503NotALoginFailure() throws Exception {
    tailscaled.close();

    ContentResponse response = ask("Remote-Addr", "127.0.0.3", "Remote-Port", "51234");

    assertThat(response.getStatus()).isEqualTo(503);
  }

  @Test
  void tailscaledAnsweringGarbageIs503() throws Exception {
    tailscaled.faults().garbage(LocalApiRoute.WHOIS);

    assertThat(ask("Remote-Addr", "127.0.0.3", "Remote-Port", "51235").getStatus()).isEqualTo(503);
  }
}
