package dev.tailgate.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.testkit.FakeNode;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import dev.tailgate.testkit.FakeUser;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 21 acceptance cases of mod_authnz_tailscale's own test suite (apache-modules.md §A.11), run
 * against a real tailgate: the same {@code <Location />} config, the same whois answer from the
 * fake tailscaled, the same expected status and REMOTE_USER (seen by the backend as X-Remote-User).
 * The faker's names carry no trailing dot, ours do, as real tailscaled's; rules match either way.
 */
class UpstreamAcceptanceTest {

  /** What the fake tailscaled says about the client at 127.0.0.2. */
  enum Whois {
    NONE(() -> FakeTailnet.create("test", "test.tailnet")),
    USER1(() -> peer("test.tailnet", "client", "ts_user_1")),
    USER2(() -> peer("test.tailnet", "client2", "ts_user_2")),
    USER1_IN_TEST2(() -> peer("test2.tailnet", "client", "ts_user_1"));

    final Supplier<FakeTailnet> tailnet;

    Whois(Supplier<FakeTailnet> tailnet) {
      this.tailnet = tailnet;
    }

    private static FakeTailnet peer(String suffix, String node, String login) {
      FakeTailnet tailnet = FakeTailnet.create("test", suffix);
      FakeUser user = tailnet.addUser(login, login);
      tailnet.addNode(FakeNode.named(node).owner(user).loopbackAliases("127.0.0.2"));
      return tailnet;
    }
  }

  static Stream<Arguments> cases() {
    String valid = "AuthType tailscale\nRequire valid-user";
    String user1 = "Require tailscale-user ts_user_1";
    return Stream.of(
        row("001_01", "", Whois.NONE, 200, ""),
        row("001_02", valid, Whois.NONE, 401, null),
        row("001_03", valid, Whois.USER1, 200, "ts_user_1"),
        row("002_01", user1, Whois.NONE, 403, null),
        row("002_02", user1, Whois.USER1, 200, ""),
        row("002_03", user1, Whois.USER2, 403, null),
        row("002_04", "Require tailscale-user ts_user_1 ts_user_2 ts_user_3", Whois.USER2, 200, ""),
        row(
            "002_05",
            "Require tailscale-user ts_user_1\nRequire tailscale-user ts_user_2\nRequire tailscale-user ts_user_3",
            Whois.USER2,
            200,
            ""),
        row("002_06", "Require tailscale-user *", Whois.USER2, 200, ""),
        row("003_01", "Require tailscale-node client.test.tailnet", Whois.NONE, 403, null),
        row("003_02", "Require tailscale-node client.test.tailnet", Whois.USER1, 200, ""),
        row("003_03", "Require tailscale-node client.test.tailnet", Whois.USER2, 403, null),
        row(
            "003_04",
            "Require tailscale-node client.test.tailnet client2.test.tailnet",
            Whois.USER2,
            200,
            ""),
        row(
            "003_05",
            "Require tailscale-node client.test.tailnet\nRequire tailscale-node client2.test.tailnet\n"
                + "Require tailscale-node client3.test.tailnet",
            Whois.USER2,
            200,
            ""),
        row("003_06", "Require tailscale-node *", Whois.USER2, 200, ""),
        row("004_01", "Require tailscale-tailnet client.test.tailnet", Whois.NONE, 403, null),
        row("004_02", "Require tailscale-tailnet test.tailnet", Whois.USER1, 200, ""),
        row("004_03", "Require tailscale-tailnet test.tailnet", Whois.USER1_IN_TEST2, 403, null),
        row("004_04", "Require tailscale-tailnet test.tailnet test2.tailnet", Whois.USER2, 200, ""),
        row(
            "004_05",
            "Require tailscale-tailnet test.tailnet\nRequire tailscale-tailnet test2.tailnet\n"
                + "Require tailscale-tailnet test3.tailnet",
            Whois.USER1_IN_TEST2,
            200,
            ""),
        row("004_06", "Require tailscale-tailnet *", Whois.USER2, 200, ""));
  }

  private static Arguments row(
      String id, String rules, Whois whois, int status, String remoteUser) {
    return Arguments.of(id, rules, whois, status, remoteUser);
  }

  @ParameterizedTest(name = "{0}: {1} / whois {2} -> {3}")
  @MethodSource("cases")
  void behavesLikeHttpd(String id, String rules, Whois whois, int status, String remoteUser)
      throws Exception {
    try (FakeTailscaled tailscaled = FakeTailscaled.start(whois.tailnet.get());
        AuthSite harness = new AuthSite(tailscaled)) {
      harness.startWithRoot(rules);

      ContentResponse response = harness.clientFrom("127.0.0.2").GET(harness.url("/hello.py"));

      assertThat(response.getStatus()).as(id).isEqualTo(status);
      if (status == 200) {
        HttpFields seen = harness.backend.take().fields();
        assertThat(seen.get("X-Remote-User") == null ? "" : seen.get("X-Remote-User"))
            .as(id)
            .isEqualTo(remoteUser);
      } else {
        assertThat(response.getHeaders().get("WWW-Authenticate"))
            .as(id + ": no challenge")
            .isNull();
        assertThat(harness.backend.untouched()).as(id + ": the backend saw nothing").isTrue();
      }
    }
  }
}
