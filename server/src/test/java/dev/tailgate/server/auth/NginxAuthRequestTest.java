package dev.tailgate.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.http.HttpFields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real nginx with {@code auth_request} asking tailgate's {@code tailscale-auth} endpoint, in front
 * of a real backend: the setup of tailscale's nginx-auth README, with tailgate in nginx-auth's
 * place.
 */
class NginxAuthRequestTest {
  AuthSite harness() {
    return harness;
  }

  private FakeTailscaled tailscaled;
  private AuthSite harness;
  private NginxProcess nginx;
  private int nginxPort;

  @BeforeEach
  void start() throws Exception {
    NginxProcess.binary();
    tailscaled = FakeTailscaled.start(FakeTailnet.example());
    harness = new AuthSite(tailscaled);
    harness.startWith(
        listen()
            + "AuthTailscaleURL "
            + tailscaled.socketPath()
            + "\n"
            + "<Location /auth>\n  SetHandler tailscale-auth\n</Location>\n");
    nginxPort = TailgateHarness.freePort();
    nginx =
        NginxProcess.start(
            harness.dir,
            nginxPort,
            """
          server {
            listen 127.0.0.1:%d;
            location / {
              auth_request /auth;
              auth_request_set $auth_user $upstream_http_tailscale_user;
              auth_request_set $auth_name $upstream_http_tailscale_name;
              auth_request_set $auth_login $upstream_http_tailscale_login;
              auth_request_set $auth_tailnet $upstream_http_tailscale_tailnet;
              auth_request_set $auth_profile_picture $upstream_http_tailscale_profile_picture;
              proxy_set_header X-Webauth-User "$auth_user";
              proxy_set_header X-Webauth-Name "$auth_name";
              proxy_set_header X-Webauth-Login "$auth_login";
              proxy_set_header X-Webauth-Tailnet "$auth_tailnet";
              proxy_set_header X-Webauth-Profile-Picture "$auth_profile_picture";
              proxy_pass http://127.0.0.1:%d;
            }
            location = /auth {
              internal;
              proxy_pass %s;
              proxy_pass_request_body off;
              proxy_set_header Content-Length "";
              proxy_set_header Host "$http_host";
              proxy_set_header Remote-Addr "$remote_addr";
              proxy_set_header Remote-Port "$remote_port";
              proxy_set_header Original-URI "$request_uri";
            }
          }
        """
                .formatted(nginxPort, harness.backend.port(), authUpstream()));
  }

  @AfterEach
  void stop() throws Exception {
    if (nginx != null) {
      nginx.close();
    }
    if (harness != null) {
      harness.close();
    }
    if (tailscaled != null) {
      tailscaled.close();
    }
  }

  /** How tailgate listens for nginx: loopback TCP here; a unix socket in the subclass. */
  String listen() {
    return "Listen 127.0.0.1:" + harness.port + " http\n";
  }

  /** nginx's proxy_pass target for the auth subrequest. */
  String authUpstream() {
    return "http://127.0.0.1:" + harness.port + "/auth";
  }

  private ContentResponse get(String from) throws Exception {
    return harness.clientFrom(from).GET("http://127.0.0.1:" + nginxPort + "/app");
  }

  @Test
  void aTailnetUserPassesAndTheBackendSeesWhoItIs() throws Exception {
    ContentResponse response = get("127.0.0.2");

    assertThat(response.getStatus()).as(nginx.logs()).isEqualTo(200);
    HttpFields seen = harness.backend.take().fields();
    assertThat(seen.get("X-Webauth-User")).isEqualTo("icing@github");
    assertThat(seen.get("X-Webauth-Login")).isEqualTo("icing");
    assertThat(seen.get("X-Webauth-Name")).isEqualTo("Stefan Eissing");
    assertThat(seen.get("X-Webauth-Tailnet")).isEqualTo("headless-chicken.ts.net");
    assertThat(seen.get("X-Webauth-Profile-Picture"))
        .isEqualTo("https://avatars.githubusercontent.com/u/3468209?v=4");
  }

  @Test
  void strangersGet401AndTaggedDevices403() throws Exception {
    assertThat(get("127.0.0.9").getStatus()).isEqualTo(401);
    assertThat(get("127.0.0.4").getStatus()).isEqualTo(403);
    assertThat(harness.backend.untouched()).isTrue();
  }

  @Test
  void anOutageIsAnErrorNotALoginFailure() throws Exception {
    tailscaled.down();

    assertThat(get("127.0.0.2").getStatus()).isEqualTo(500);
    assertThat(harness.backend.untouched()).isTrue();
  }
}
