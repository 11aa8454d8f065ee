package dev.tailgate.config.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.auth.policy.AccessPolicy;
import dev.tailgate.auth.policy.AuthType;
import dev.tailgate.auth.policy.ProviderRule;
import dev.tailgate.auth.policy.RequireAll;
import dev.tailgate.config.ConfigText;
import dev.tailgate.server.auth.compile.AccessRules;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EffectiveLocationTest {

  @TempDir Path dir;

  private HostConfig vhost(String body) throws Exception {
    return ConfigText.load(dir, "Listen 80\n<VirtualHost *:80>\n" + body + "\n</VirtualHost>\n")
        .virtualHosts()
        .get(0)
        .host();
  }

  @Test
  void hostLevelProxyPassMapsThePrefixAndTheFirstMatchingRuleWins() throws Exception {
    HostConfig host =
        vhost(
            """
                ProxyPass /app/static !
                ProxyPass /app http://127.0.0.1:8080/backend
                ProxyPass / http://127.0.0.1:9090/
                """);

    assertThat(host.locationFor("/app/x").proxy())
        .get()
        .extracting(r -> r.uri(null))
        .isEqualTo("http://127.0.0.1:8080/backend/x");
    assertThat(host.locationFor("/app/static/a.css").proxy()).isEmpty();
    assertThat(host.locationFor("/other").proxy())
        .get()
        .extracting(r -> r.uri(null))
        .isEqualTo("http://127.0.0.1:9090/other");
    assertThat(host.locationFor("/apple").proxy())
        .get()
        .extracting(r -> r.uri(null))
        .as(
            "as httpd's alias_match: /app ends at a segment boundary, so /apple falls to the next rule")
        .isEqualTo("http://127.0.0.1:9090/apple");
  }

  @Test
  void proxyPassInALocationUsesTheSectionPathAndBeatsHostRules() throws Exception {
    HostConfig host =
        vhost(
            """
                ProxyPass / http://127.0.0.1:9090/
                <Location /app>
                  ProxyPass http://127.0.0.1:8080/app
                  ProxyPassReverse http://127.0.0.1:8080/app
                  ProxyPreserveHost on
                </Location>
                <Location /app/static>
                  ProxyPass !
                </Location>
                """);

    EffectiveLocation app = host.locationFor("/app/users");
    assertThat(app.proxy())
        .get()
        .extracting(r -> r.uri(null))
        .isEqualTo("http://127.0.0.1:8080/app/users");
    assertThat(app.preserveHost()).isTrue();
    assertThat(app.proxyReverseRules())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.path()).isEqualTo("/app");
              assertThat(r.backend()).hasToString("http://127.0.0.1:8080/app");
            });
    assertThat(host.locationFor("/app/static/x.css").proxy()).isEmpty();
    assertThat(host.locationFor("/").proxy())
        .get()
        .extracting(r -> r.uri(null))
        .isEqualTo("http://127.0.0.1:9090/");
    assertThat(host.locationFor("/").preserveHost()).isFalse();
  }

  @Test
  void proxyPassInLocationMatchBehavesLikeProxyPassMatch() throws Exception {
    HostConfig host =
        vhost(
            """
                <LocationMatch "^/api/(v[0-9])/(.*)$">
                  ProxyPass http://127.0.0.1:8080/$2/$1
                </LocationMatch>
                <LocationMatch "^/raw/">
                  ProxyPass http://127.0.0.1:8081
                </LocationMatch>
                """);

    assertThat(host.locationFor("/api/v2/users").proxy())
        .get()
        .extracting(r -> r.uri(null))
        .isEqualTo("http://127.0.0.1:8080/users/v2");
    assertThat(host.locationFor("/raw/x").proxy())
        .get()
        .extracting(r -> r.uri(null))
        .isEqualTo("http://127.0.0.1:8081/raw/x");
  }

  @Test
  void headersAccumulateInConfigOrder() throws Exception {
    HostConfig host =
        vhost(
            """
                Header set X-Host host
                RequestHeader unset X-Forwarded-User
                <Location />
                  Header always append X-Root root
                </Location>
                <Location /app>
                  Header add X-App app
                  RequestHeader set X-App "a b"
                </Location>
                """);

    EffectiveLocation app = host.locationFor("/app");

    assertThat(app.responseHeaders())
        .extracting(h -> h.op() + " " + h.name() + " " + h.value().orElse("-") + " " + h.always())
        .containsExactly("SET X-Host host false", "APPEND X-Root root true", "ADD X-App app false");
    assertThat(app.requestHeaders())
        .extracting(h -> h.op() + " " + h.name() + " " + h.value().orElse("-"))
        .containsExactly("UNSET X-Forwarded-User -", "SET X-App a b");
  }

  @Test
  void literalPercentInHeaderValues() throws Exception {
    HostConfig host = vhost("Header set X-Ratio \"100%%\"");

    assertThat(host.locationFor("/").responseHeaders().get(0).value()).contains("100%");
  }

  @Test
  void hostRedirectsComeFirstThenTheMostSpecificSection() throws Exception {
    HostConfig host =
        vhost(
            """
                Redirect permanent /old https://example.org/new
                <Location /a>
                  Redirect /a https://example.org/from-a
                </Location>
                <Location /a/b>
                  Redirect seeother https://example.org/fixed
                </Location>
                """);

    EffectiveLocation location = host.locationFor("/a/b/c");
    assertThat(location.redirects())
        .extracting(RedirectRule::status)
        .containsExactly(301, 303, 302);
    assertThat(location.redirect())
        .get()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(303);
              assertThat(r.locationFor("/a/b/c")).contains("https://example.org/fixed");
            });
    assertThat(host.locationFor("/a/x").redirect())
        .get()
        .satisfies(r -> assertThat(r.locationFor("/a/x")).contains("https://example.org/from-a/x"));
    assertThat(host.locationFor("/old/page").redirect())
        .get()
        .satisfies(
            r -> assertThat(r.locationFor("/old/page")).contains("https://example.org/new/page"));
    assertThat(host.locationFor("/older").redirect()).isEmpty();
  }

  @Test
  void goneRedirectsHaveNoTarget() throws Exception {
    HostConfig host = vhost("Redirect gone /retired\nRedirect 404 /hidden");

    assertThat(host.locationFor("/retired/x").redirect())
        .get()
        .satisfies(
            r -> {
              assertThat(r.status()).isEqualTo(410);
              assertThat(r.target()).isEmpty();
            });
    assertThat(host.locationFor("/hidden").redirect())
        .get()
        .extracting(RedirectRule::status)
        .isEqualTo(404);
  }

  @Test
  void laterSectionsOverrideSingleValues() throws Exception {
    HostConfig host =
        vhost(
            """
                DirectoryIndex index.html index.htm
                <Location /docs>
                  DirectoryIndex README.html
                  SetHandler md-status
                </Location>
                <Location /docs/raw>
                  DirectoryIndex disabled
                  SetHandler None
                </Location>
                """);

    assertThat(host.locationFor("/").directoryIndex()).containsExactly("index.html", "index.htm");
    assertThat(host.locationFor("/docs").directoryIndex()).containsExactly("README.html");
    assertThat(host.locationFor("/docs").handler()).contains("md-status");
    assertThat(host.locationFor("/docs/raw").directoryIndex()).isEmpty();
    assertThat(host.locationFor("/docs/raw").handler()).isEmpty();
  }

  @Test
  void accessRulesMergeOverTheMatchingSectionsAsHttpdMergesThem() throws Exception {
    HostConfig host =
        vhost(
            """
                <Location />
                  Require tailscale-user alice@github
                </Location>
                <Location /admin>
                  AuthType tailscale
                  <RequireAll>
                    Require valid-user
                    Require tailscale-user root@github
                  </RequireAll>
                </Location>
                """);

    EffectiveLocation admin = host.locationFor("/admin");

    AccessPolicy adminPolicy = admin.modules().get(AccessRules.KEY).orElseThrow().policy();
    // AuthMerging Off (the default): /admin's rules replace /'s, AuthType comes with them
    assertThat(adminPolicy.authType()).isEqualTo(AuthType.TAILSCALE);
    assertThat(adminPolicy.rules())
        .get()
        .isInstanceOfSatisfying(
            RequireAll.class,
            all ->
                assertThat(all.rules())
                    .extracting(
                        rule ->
                            ((ProviderRule) rule).provider() + " " + ((ProviderRule) rule).args())
                    .containsExactly("valid-user []", "tailscale-user [root@github]"));
    AccessPolicy publicPolicy =
        host.locationFor("/public").modules().get(AccessRules.KEY).orElseThrow().policy();
    assertThat(publicPolicy.authType()).isEqualTo(AuthType.NONE);
    assertThat(publicPolicy.rules())
        .get()
        .isInstanceOfSatisfying(
            ProviderRule.class, rule -> assertThat(rule.args()).containsExactly("alice@github"));
  }

  @Test
  void defaultsWhenNothingIsSet() throws Exception {
    EffectiveLocation location = vhost("ServerName a.example.org").locationFor("/");

    assertThat(location.proxy()).isEmpty();
    assertThat(location.directoryIndex()).containsExactly("index.html");
    assertThat(location.handler()).isEmpty();
    assertThat(location.redirects()).isEmpty();
    assertThat(location.preserveHost()).isFalse();
  }
}
