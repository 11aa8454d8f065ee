package dev.tailgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Spec §1.2: the macOS GUI daemon's loopback listener with a token as Basic-auth password. */
class TcpModeTest {
  private static final String STATUS = "/localapi/v0/status?peers=false";
  @RegisterExtension static final LocalApi api = new LocalApi();
  private FakeTailscaled fake;
  private TcpEndpoint tcp;

  @BeforeEach
  void start() {
    fake = FakeTailscaled.start(Fixtures.statusTailnet());
    tcp = fake.startTcp();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void tokenLooksLikeTheRealOne() {
    assertThat(tcp.token()).matches("[0-9a-f]{20}");
    assertThat(tcp.port()).isPositive();
    assertThat(fake.startTcp()).isEqualTo(tcp);
  }

  @Test
  void noCredentialsIs401() {
    ContentResponse response = api.getTcp(tcp.port(), STATUS, h -> {});

    assertThat(response.getStatus()).isEqualTo(401);
    assertThat(response.getContentAsString()).isEqualTo("auth required\n");
  }

  @Test
  void wrongPasswordIs403() {
    ContentResponse response =
        api.getTcp(tcp.port(), STATUS, h -> h.put(HttpHeader.AUTHORIZATION, basic(":nope")));

    assertThat(response.getStatus()).isEqualTo(403);
    assertThat(response.getContentAsString()).isEqualTo("bad password\n");
  }

  @Test
  void theTokenAsPasswordWithAnyUserIsAccepted() {
    ContentResponse emptyUser =
        api.getTcp(
            tcp.port(), STATUS, h -> h.put(HttpHeader.AUTHORIZATION, tcp.authorizationHeader()));
    ContentResponse someUser =
        api.getTcp(
            tcp.port(),
            STATUS,
            h -> h.put(HttpHeader.AUTHORIZATION, basic("someone:" + tcp.token())));

    assertThat(emptyUser.getStatus()).isEqualTo(200);
    assertThat(someUser.getStatus()).isEqualTo(200);
    assertThat(fake.requests().last().transport()).isEqualTo("tcp");
  }

  @Test
  void loopbackHostsWithPortAreAcceptedOnlyOverTcp() {
    for (String host :
        new String[] {
          "localhost:" + tcp.port(), "127.0.0.1:" + tcp.port(), "[::1]:1", "local-tailscaled.sock"
        }) {
      ContentResponse response =
          api.getTcp(
              tcp.port(),
              STATUS,
              h ->
                  h.put(HttpHeader.AUTHORIZATION, tcp.authorizationHeader())
                      .put(HttpHeader.HOST, host));
      assertThat(response.getStatus()).as(host).isEqualTo(200);
    }
    for (String host : new String[] {"localhost", "example.com:80", "10.1.2.3:80"}) {
      ContentResponse response =
          api.getTcp(
              tcp.port(),
              STATUS,
              h ->
                  h.put(HttpHeader.AUTHORIZATION, tcp.authorizationHeader())
                      .put(HttpHeader.HOST, host));
      assertThat(response.getStatus()).as(host).isEqualTo(403);
    }
    ContentResponse overUnix =
        api.get(fake.socketPath(), STATUS, h -> h.put(HttpHeader.HOST, "localhost:1"));
    assertThat(overUnix.getStatus()).isEqualTo(403);
  }

  @Test
  void theUnixSocketNeedsNoToken() {
    assertThat(api.get(fake.socketPath(), STATUS).getStatus()).isEqualTo(200);
  }

  @Test
  void tcpComesBackAfterDownAndUpWithTheSamePortAndToken() {
    fake.down();
    fake.up();

    ContentResponse response =
        api.getTcp(
            tcp.port(), STATUS, h -> h.put(HttpHeader.AUTHORIZATION, tcp.authorizationHeader()));

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(fake.tcp()).contains(tcp);
  }

  /**
   * A daemon that is down refuses connections, and its port is free for whoever takes it next.
   * Jetty's stop could return while the kernel still listened (its acceptor thread still in {@code
   * accept()}): taking the port right after {@code down()} failed in about one cycle in twenty, and
   * failed a CI run.
   */
  @Test
  void downFreesThePortBeforeItReturns() throws Exception {
    for (int cycle = 0; cycle < 100; cycle++) {
      fake.down();
      try (ServerSocket next = new ServerSocket()) {
        next.bind(new InetSocketAddress("127.0.0.1", tcp.port()));
      } catch (BindException e) {
        throw new AssertionError("the port was still taken after down(), cycle " + cycle, e);
      }
      fake.up();
    }
  }

  /**
   * CI once failed {@code up()} with "Address already in use": the port was still taken a moment
   * after {@code down()}. Here another listener holds it until {@code up()} has found it taken.
   */
  @Test
  void upWaitsForAPortThatIsStillTakenAndComesBackOnIt() throws Exception {
    fake.down();
    CompletableFuture<Throwable> cameBack = new CompletableFuture<>();
    Thread starter;
    try (ServerSocket holder = new ServerSocket()) {
      holder.bind(new InetSocketAddress("127.0.0.1", tcp.port()));
      starter =
          new Thread(
              () -> {
                try {
                  fake.up();
                  cameBack.complete(null);
                } catch (Throwable t) {
                  cameBack.complete(t);
                }
              },
              "up");
      starter.start();
      // up() has tried the port and is pausing before the next try
      while (starter.getState() != Thread.State.TIMED_WAITING && !cameBack.isDone()) {
        Thread.onSpinWait();
      }
      assertThat(cameBack).as("up() gave up at the first refusal").isNotDone();
    }
    assertThat(cameBack.get(10, TimeUnit.SECONDS)).isNull();
    ContentResponse response =
        api.getTcp(
            tcp.port(), STATUS, h -> h.put(HttpHeader.AUTHORIZATION, tcp.authorizationHeader()));
    assertThat(response.getStatus()).isEqualTo(200);
  }

  private static String basic(String credentials) {
    return "Basic "
        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
  }
}
