package dev.tailgate.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.RawHttp;
import dev.tailgate.server.testing.TestBackend;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The attacker's view of tailgate, in one table: request bytes as an attacker would send them over
 * real TLS, from a stranger's address (127.0.0.1) or a tailnet device's, the status that must come
 * back, and what the backend must (or must not) have seen. Every finding of the security review
 * (issue 9) is a row here, with its variants; the HTTP/2 variants follow the table.
 */
class SecuritySuiteTest {
  static final String STRANGER = "127.0.0.1";
  static final String ICING = "127.0.0.2";
  static final String ALICE = "127.0.0.3";

  private static SecuredSite site;

  /** One row. A null {@code backend} check means the request must not reach any backend. */
  record Case(
      String name,
      String from,
      String request,
      int status,
      Consumer<TestBackend.Received> backend) {
    @Override
    public String toString() {
      return name;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    site = new SecuredSite();
  }

  @AfterAll
  static void stop() throws Exception {
    site.close();
  }

  @AfterEach
  void nothingReachedTheOtherBackend() {
    boolean reached = !site.elsewhere.untouched();
    site.elsewhere.clear();
    assertThat(reached).as("the backend no rule names was reached").isFalse();
  }

  static String get(String target, String... headers) {
    StringBuilder request =
        new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + SecuredSite.HOST + "\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    return request.append("Connection: close\r\n\r\n").toString();
  }

  static Consumer<TestBackend.Received> saw(String target) {
    return received -> assertThat(received.target()).isEqualTo(target);
  }

  static Stream<Case> table() {
    String b = "127.0.0.1:%d";
    return Stream.of(
        // 1. ProxyPass prefix matching: httpd's alias_match ends a prefix at a segment boundary
        new Case(
            "@ after a path-less prefix cannot pick the backend",
            STRANGER,
            get("/app@" + b + "/secret"),
            404,
            null),
        new Case(
            "@ after the prefix, from a tailnet user", ICING, get("/app@" + b + "/x"), 404, null),
        new Case("a longer name is not under the prefix", STRANGER, get("/apple"), 404, null),
        new Case("a longer name, from a user", ICING, get("/apple"), 404, null),
        new Case("a suffix is not a segment", STRANGER, get("/doc.json"), 404, null),
        new Case("a dash is not a segment", STRANGER, get("/doc-admin/users"), 404, null),
        new Case("the prefix itself needs the user", STRANGER, get("/app"), 403, null),
        new Case("below the prefix needs the user", STRANGER, get("/app/secret"), 403, null),
        new Case("doubled slashes are merged first", STRANGER, get("//app//secret"), 403, null),
        new Case("an escaped letter is the letter", STRANGER, get("/%61pp/secret"), 403, null),
        new Case("dot segments are resolved first", STRANGER, get("/x/../app/secret"), 403, null),
        new Case("escaped dot segments too", STRANGER, get("/x/%2e%2E/app/secret"), 403, null),
        new Case(
            "an escaped slash is refused as httpd does", STRANGER, get("/app%2fsecret"), 404, null),
        new Case("above the root is a bad request", STRANGER, get("/../app/secret"), 400, null),
        new Case("a malformed escape is a bad request", STRANGER, get("/app/%zz"), 400, null),
        new Case(
            "absolute form names the same path",
            STRANGER,
            get("https://" + SecuredSite.HOST + "/app/secret"),
            403,
            null),
        new Case(
            "a parameter on the prefix is not the prefix",
            STRANGER,
            get("/app;x/secret"),
            404,
            null),
        new Case(
            "the user reaches the backend, path mapped",
            ICING,
            get("/app/secret"),
            200,
            saw("/secret")),
        new Case("the bare prefix maps to the root", ICING, get("/app"), 200, saw("/")),
        new Case("path parameters are forwarded as sent", ICING, get("/app/a;b"), 200, saw("/a;b")),
        new Case(
            "escapes are forwarded once, never decoded into syntax",
            ICING,
            get("/app/a%3Fb%23c%20d"),
            200,
            saw("/a%3Fb%23c%20d")),
        new Case(
            "a malformed query escape is the client's error, not a 500",
            ICING,
            get("/app/x?%zz"),
            400,
            null),
        new Case(
            "a query is forwarded as sent",
            ICING,
            get("/app/x?a=%41&b=c+d&e=/?@"),
            200,
            saw("/x?a=%41&b=c+d&e=/?@")),
        new Case(
            "characters a URL cannot hold are escaped in the query",
            ICING,
            get("/app/x?q=\"a|b\""),
            200,
            saw("/x?q=%22a%7Cb%22")),
        new Case(
            "UTF-8 is forwarded escaped once",
            ICING,
            get("/app/caf%C3%A9"),
            200,
            saw("/caf%C3%A9")),
        new Case(
            "a prefix ending in / maps what follows",
            ICING,
            get("/doc/readme"),
            200,
            saw("/doc/readme")),

        // 2. Connection cannot delete what tailgate adds
        new Case(
            "Connection cannot remove identity or admin headers",
            ALICE,
            get(
                "/myapp/x",
                "Connection: close, Tailscale-User-Login, X-Remote-User, X-Proxy-Secret, X-Forwarded-For"),
            200,
            received -> {
              assertThat(received.header("Tailscale-User-Login")).isEqualTo("alice@example.com");
              assertThat(received.header("X-Remote-User")).isEqualTo("alice@example.com");
              assertThat(received.header("X-Proxy-Secret")).isEqualTo("s3cret");
              assertThat(received.header("X-Forwarded-For")).isEqualTo(ALICE);
            }),
        new Case(
            "Connection still removes what the client sent",
            ALICE,
            get("/myapp/x", "Connection: close, X-Hop", "X-Hop: 1", "X-Kept: 2"),
            200,
            received -> {
              assertThat(received.header("X-Hop")).isNull();
              assertThat(received.header("X-Kept")).isEqualTo("2");
            }),

        // 3. spellings a CGI-style backend folds together
        new Case(
            "underscore spelling of an identity header is dropped",
            ALICE,
            get("/myapp/x", "Tailscale_User_Login: icing@github", "X_Remote_User: icing@github"),
            200,
            received -> {
              assertThat(received.anySpelling("Tailscale-User-Login"))
                  .containsExactly("Tailscale-User-Login: alice@example.com");
              assertThat(received.anySpelling("X-Remote-User"))
                  .containsExactly("X-Remote-User: alice@example.com");
            }),
        new Case(
            "case spelling of an identity header is replaced",
            ALICE,
            get("/myapp/x", "tailscale-user-login: icing@github", "TAILSCALE-USER-NAME: Icing"),
            200,
            received -> {
              assertThat(received.anySpelling("Tailscale-User-Login"))
                  .containsExactly("Tailscale-User-Login: alice@example.com");
              assertThat(received.anySpelling("Tailscale-User-Name"))
                  .allMatch(h -> !h.contains("Icing"));
            }),
        new Case(
            "a client cannot shadow an admin header in any spelling",
            ALICE,
            get("/myapp/x", "X_Proxy_Secret: forged", "x-proxy-secret: forged"),
            200,
            received ->
                assertThat(received.anySpelling("X-Proxy-Secret"))
                    .containsExactly("X-Proxy-Secret: s3cret")),
        new Case(
            "underscore names are dropped by default",
            ICING,
            get("/app/x", "X_Custom: 1", "X-Custom: 2"),
            200,
            received ->
                assertThat(received.anySpelling("X-Custom")).containsExactly("X-Custom: 2")),
        new Case(
            "identity headers are stripped on open locations too",
            STRANGER,
            get("/open/x", "Tailscale-User-Login: icing@github", "X-Remote-User: icing@github"),
            200,
            received -> {
              assertThat(received.anySpelling("Tailscale-User-Login")).isEmpty();
              assertThat(received.anySpelling("X-Remote-User")).isEmpty();
            }),
        new Case(
            "a stranger gets 401 on an AuthType location", STRANGER, get("/myapp/x"), 401, null),

        // 5. dotfiles
        new Case(".htpasswd is never served", STRANGER, get("/.htpasswd"), 403, null),
        new Case(".ht* escaped is still .ht*", STRANGER, get("/.ht%70asswd"), 403, null),
        new Case(".env is not served", STRANGER, get("/.env"), 403, null),
        new Case(".git is not served", STRANGER, get("/.git/config"), 403, null),
        new Case(
            ".well-known is closed until allowed",
            STRANGER,
            get("/.well-known/security.txt"),
            403,
            null),
        new Case("ordinary files are served", STRANGER, get("/index.html"), 200, null),
        new Case(
            "a location rule covers its files", STRANGER, get("/private/report.txt"), 403, null),
        new Case(
            "a parameter cannot dodge a location rule for files",
            STRANGER,
            get("/private;x/report.txt"),
            404,
            null),
        new Case(
            "an escaped name cannot dodge it", STRANGER, get("/%70rivate/report.txt"), 403, null),

        // 6. smaller ones
        new Case(
            "CONNECT is refused",
            STRANGER,
            "CONNECT 127.0.0.1:9 HTTP/1.1\r\nHost: 127.0.0.1:9\r\nConnection: close\r\n\r\n",
            405,
            null),
        new Case(
            "CONNECT from a user is refused",
            ICING,
            "CONNECT "
                + SecuredSite.HOST
                + ":443 HTTP/1.1\r\nHost: "
                + SecuredSite.HOST
                + "\r\nConnection: close\r\n\r\n",
            405,
            null),
        new Case(
            "a malformed chunked body is the client's error",
            ICING,
            "POST /app/upload HTTP/1.1\r\nHost: "
                + SecuredSite.HOST
                + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "zz\r\nhello\r\n0\r\n\r\n",
            400,
            ignored -> {}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void attack(Case row) throws Exception {
    site.backend.clear();
    String request = row.request().replace("%d", String.valueOf(site.elsewhere.port()));
    RawHttp.Reply reply = site.from(row.from()).send(request);

    assertThat(reply.status()).as(row.name()).isEqualTo(row.status());
    assertThat(reply.body())
        .as("no exception text in any page")
        .doesNotContainIgnoringCase("exception")
        .doesNotContain("Bad Authority")
        .doesNotContain("\tat ");
    if (row.backend() == null) {
      assertThat(site.backend.untouched())
          .as(row.name() + ": the backend must not be reached")
          .isTrue();
    } else if (reply.status() == 200 && reply.header("Backend-Saw") != null) {
      row.backend().accept(site.backend.take());
    }
  }

  /**
   * From one address only the connection tells peers apart, as when tailscaled's userspace
   * networking proxies every peer from 127.0.0.1. tailgate keeps each connection's peer and answer
   * on the connection and drops the answer when it closes: two keep-alive connections for two
   * people, taking turns, are each judged as their own peer, before and after one of them closes,
   * and a new connection is asked about afresh.
   */
  @Test
  void connectionsFromOneAddressAreEachTheirOwnPeerAndStaySoWhenOneCloses() throws Exception {
    site.backend.clear();
    RawHttp loopback = site.from(STRANGER);
    String request = "GET /app/x HTTP/1.1\r\nHost: " + SecuredSite.HOST + "\r\n\r\n";
    List<InetSocketAddress> mapped = new ArrayList<>();
    try (RawHttp.Connection icing = loopback.connect();
        RawHttp.Connection alice = loopback.connect()) {
      mapped.add(map(icing.local(), "laptop"));
      mapped.add(map(alice.local(), "alice-desktop"));
      for (int turn = 0; turn < 2; turn++) {
        assertThat(icing.send(request).status()).as("icing, turn " + turn).isEqualTo(200);
        assertThat(alice.send(request).status()).as("alice, turn " + turn).isEqualTo(403);
      }
      icing.close();
      assertThat(alice.send(request).status()).as("alice after icing left").isEqualTo(403);
      try (RawHttp.Connection next = loopback.connect()) {
        mapped.add(map(next.local(), "alice-desktop"));
        assertThat(next.send(request).status()).as("a new connection, alice's").isEqualTo(403);
      }
    } finally {
      // a later stranger's connection may get one of these ports
      mapped.forEach(site.tailscaled.tailnet()::unmapConnection);
    }
  }

  private static InetSocketAddress map(InetSocketAddress connection, String node) {
    site.tailscaled.tailnet().mapConnection(connection, node);
    return connection;
  }

  @Test
  void expectContinueIsAnsweredByTailgateAndNeverForwarded() throws Exception {
    site.backend.clear();
    List<RawHttp.Reply> replies =
        site.from(ICING)
            .sendExpectingContinue(
                "POST /app/upload HTTP/1.1\r\nHost: "
                    + SecuredSite.HOST
                    + "\r\nContent-Length: 5\r\n"
                    + "Expect: 100-continue\r\nConnection: close\r\n\r\n",
                "hello");

    assertThat(replies).extracting(RawHttp.Reply::status).containsExactly(100, 200);
    TestBackend.Received received = site.backend.take();
    assertThat(received.body()).isEqualTo("hello");
    assertThat(received.header("Expect")).isNull();
  }

  @Test
  void overHttp2UnderscoreAndCaseSpellingsAreDroppedAndIdentityIsTailgates() throws Exception {
    site.backend.clear();
    ContentResponse response =
        site.http2From(ALICE)
            .newRequest(site.url("/myapp/h2"))
            .headers(
                h ->
                    h.add("tailscale_user_login", "icing@github")
                        .add("x_remote_user", "icing@github")
                        .add("x_proxy_secret", "forged"))
            .send();

    assertThat(response.getVersion()).isEqualTo(HttpVersion.HTTP_2);
    assertThat(response.getStatus()).isEqualTo(200);
    TestBackend.Received received = site.backend.take();
    assertThat(received.anySpelling("Tailscale-User-Login"))
        .containsExactly("Tailscale-User-Login: alice@example.com");
    assertThat(received.anySpelling("X-Remote-User"))
        .containsExactly("X-Remote-User: alice@example.com");
    assertThat(received.anySpelling("X-Proxy-Secret")).containsExactly("X-Proxy-Secret: s3cret");
  }

  @Test
  void overHttp2PrefixMatchingIsTheSame() throws Exception {
    site.backend.clear();
    assertThat(
            site.http2From(STRANGER)
                .GET(site.url("/app@127.0.0.1:" + site.elsewhere.port() + "/x"))
                .getStatus())
        .isEqualTo(404);
    assertThat(site.http2From(STRANGER).GET(site.url("/apple")).getStatus()).isEqualTo(404);
    assertThat(site.http2From(STRANGER).GET(site.url("/app/x")).getStatus()).isEqualTo(403);
    assertThat(site.backend.untouched()).isTrue();
  }
}
