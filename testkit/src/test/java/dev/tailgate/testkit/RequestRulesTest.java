package dev.tailgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec §1.4: what real tailscaled accepts and refuses before any endpoint runs. */
class RequestRulesTest {
  private static final String WHOIS = "/localapi/v0/whois?addr=100.101.42.7";
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

  @Test
  void theExactHostIsAccepted() throws IOException {
    RawHttp.Response response =
        RawHttp.get(fake.socketPath(), WHOIS, "Host: local-tailscaled.sock");

    assertThat(response.status()).isEqualTo(200);
  }

  @ParameterizedTest(name = "Host: {0}")
  @ValueSource(
      strings = {
        "local-tailscaled.sock:80",
        "localhost",
        "127.0.0.1",
        "localhost:41112",
        "LOCAL-TAILSCALED.SOCK",
        "example.com"
      })
  void anyOtherHostIsForbidden(String host) throws IOException {
    RawHttp.Response response = RawHttp.get(fake.socketPath(), WHOIS, "Host: " + host);

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.body()).isEqualTo("invalid localapi request\n");
    assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(response.header("Tailscale-Version")).isNull();
  }

  @Test
  void http10WithoutHostIsAccepted() throws IOException {
    RawHttp.Response response =
        RawHttp.exchange(fake.socketPath(), "GET " + WHOIS + " HTTP/1.0\r\n\r\n");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).contains("\"alice@example.com\"");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "Referer: http://local-tailscaled.sock/",
        "Origin: http://evil.example",
        "Origin: null"
      })
  void refererOrOriginIsForbidden(String header) throws IOException {
    RawHttp.Response response =
        RawHttp.get(fake.socketPath(), WHOIS, "Host: local-tailscaled.sock", header);

    assertThat(response.status()).isEqualTo(403);
    assertThat(response.body()).isEqualTo("invalid localapi request\n");
  }

  @Test
  void invalidReasonHeaderIsCheckedBeforeTheHost() throws IOException {
    RawHttp.Response badReason =
        RawHttp.get(fake.socketPath(), WHOIS, "Host: localhost", "X-Tailscale-Reason: not base64!");
    RawHttp.Response unpadded =
        RawHttp.get(
            fake.socketPath(), WHOIS, "Host: local-tailscaled.sock", "X-Tailscale-Reason: YQ");
    RawHttp.Response goodReason =
        RawHttp.get(
            fake.socketPath(),
            WHOIS,
            "Host: local-tailscaled.sock",
            "X-Tailscale-Reason: YmVjYXVzZQ==");

    assertThat(badReason.status()).isEqualTo(400);
    assertThat(badReason.body()).isEqualTo("invalid reason header\n");
    assertThat(unpadded.status()).isEqualTo(400);
    assertThat(goodReason.status()).isEqualTo(200);
  }

  @Test
  void localApiHeadersOnEveryResponseThatPassedTheHostCheck() {
    for (String path : new String[] {WHOIS, "/localapi/v0/whois", "/localapi/v0/nope"}) {
      ContentResponse response = api.get(fake.socketPath(), path);
      assertThat(response.getHeaders().get("Tailscale-Version"))
          .as(path)
          .isEqualTo(FakeTailscaled.VERSION);
      assertThat(response.getHeaders().get("Tailscale-Cap")).isEqualTo("145");
      assertThat(response.getHeaders().get("Content-Security-Policy"))
          .isEqualTo(
              "default-src 'none'; "
                  + "frame-ancestors 'none'; script-src 'none'; script-src-elem 'none'; script-src-attr 'none'");
      assertThat(response.getHeaders().get("X-Frame-Options")).isEqualTo("DENY");
      assertThat(response.getHeaders().get("X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(response.getHeaders().get("Server")).isNull();
    }
  }

  @Test
  void unknownLocalApiNameIs404WithLocalApiHeaders() {
    ContentResponse response = api.get(fake.socketPath(), "/localapi/v0/whoami");

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getContentAsString()).isEqualTo("404 page not found\n");
    assertThat(response.getHeaders().get("Tailscale-Version")).isNotNull();
  }

  @Test
  void namesMatchExactly() {
    assertThat(api.get(fake.socketPath(), "/localapi/v0/status/").getStatus()).isEqualTo(404);
    assertThat(api.get(fake.socketPath(), "/localapi/v0/Status").getStatus()).isEqualTo(404);
    assertThat(api.get(fake.socketPath(), "/localapi/v1/status").getStatus()).isEqualTo(404);
  }

  @Test
  void rootIsTheDaemonPage() {
    ContentResponse response = api.get(fake.socketPath(), "/");

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getHeaders().get("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(response.getContentAsString()).contains("This is the local Tailscale daemon.");
  }

  @Test
  void otherPathsAre404WithoutLocalApiHeaders() {
    ContentResponse response = api.get(fake.socketPath(), "/status");

    assertThat(response.getStatus()).isEqualTo(404);
    assertThat(response.getContentAsString()).isEqualTo("404 page not found\n");
    assertThat(response.getHeaders().get("Tailscale-Version")).isNull();
  }

  @Test
  void smallBodiesHaveContentLengthLargeOnesAreChunked() throws IOException {
    RawHttp.Response whois = RawHttp.get(fake.socketPath(), WHOIS, "Host: local-tailscaled.sock");
    RawHttp.Response status =
        RawHttp.get(fake.socketPath(), "/localapi/v0/status", "Host: local-tailscaled.sock");
    RawHttp.Response key =
        RawHttp.get(
            fake.socketPath(),
            "/localapi/v0/cert/vps.tail4c2a9.ts.net?type=key",
            "Host: local-tailscaled.sock");
    RawHttp.Response pair =
        RawHttp.get(
            fake.socketPath(),
            "/localapi/v0/cert/vps.tail4c2a9.ts.net?type=pair",
            "Host: local-tailscaled.sock");

    assertThat(whois.isChunked()).isFalse();
    assertThat(whois.header("Content-Length")).isEqualTo(Integer.toString(whois.rawBody().length));
    assertThat(key.isChunked()).isFalse();
    assertThat(status.isChunked()).isTrue();
    assertThat(status.header("Content-Length")).isNull();
    assertThat(status.body()).startsWith("{\n\t\"Version\"").endsWith("}\n");
    assertThat(pair.isChunked()).isTrue();
    assertThat(pair.body())
        .startsWith("-----BEGIN EC PRIVATE KEY-----")
        .endsWith("-----END CERTIFICATE-----\n");
  }

  @Test
  void keepAliveServesSeveralRequestsOnOneConnection() throws IOException {
    String request = "GET " + WHOIS + " HTTP/1.1\r\nHost: local-tailscaled.sock\r\n\r\n";
    RawHttp.Response last =
        RawHttp.exchange(
            fake.socketPath(),
            request
                + request
                + "GET /localapi/v0/status?peers=false HTTP/1.1\r\nHost: local-tailscaled.sock\r\n"
                + "Connection: close\r\n\r\n");

    assertThat(last.status()).isEqualTo(200);
    assertThat(fake.requests().size()).isEqualTo(3);
  }

  @Test
  void queryAsFormValuesWithPlusAndPercentEncoding() {
    fake.tailnet().mapConnection("[::1]:8080", "alice-laptop");

    ContentResponse response =
        api.get(fake.socketPath(), "/localapi/v0/whois?addr=%5B%3A%3A1%5D%3A8080");

    assertThat(response.getStatus()).isEqualTo(200);
  }
}
