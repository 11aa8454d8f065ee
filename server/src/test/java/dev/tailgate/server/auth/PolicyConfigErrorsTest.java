package dev.tailgate.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tailgate.config.syntax.ConfigException;
import dev.tailgate.server.testing.TailgateHarness;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * httpd's configuration errors for access rules, reported as `tailgate check` reports them: file,
 * line, hint.
 */
class PolicyConfigErrorsTest {

  private static List<String> problems(String config) throws Exception {
    Path dir = Files.createTempDirectory("tailgate-authz-errors");
    Path file = dir.resolve("t.conf");
    Files.writeString(file, "Listen 127.0.0.1:8080\n" + config, StandardCharsets.UTF_8);
    ConfigException error =
        catchThrowableOfType(ConfigException.class, () -> TailgateHarness.load(file));
    assertThat(error).as("the config must be refused").isNotNull();
    return error.problems().stream().map(p -> p.render(f -> f.getFileName().toString())).toList();
  }

  @Test
  void negatedRulesOutsideRequireAllHaveNoEffectAndAreErrors() throws Exception {
    assertThat(
            problems(
                """
        <Location />
          Require not tailscale-user bob@github
          <RequireAny>
            Require tailscale-user *
            Require not tailscale-user bob@github
          </RequireAny>
          <RequireNone>
            Require tailscale-user bob@github
          </RequireNone>
        </Location>
        """))
        .containsExactly(
            "t.conf:3: Require: negative Require directive has no effect in <RequireAny> directive;"
                + " put Require not … inside <RequireAll>, next to a rule that grants",
            "t.conf:6: Require: negative Require directive has no effect in <RequireAny> directive;"
                + " put Require not … inside <RequireAll>, next to a rule that grants",
            "t.conf:8: <RequireNone>: <RequireNone> directive has no effect in <RequireAny> directive;"
                + " put <RequireNone> inside <RequireAll>, next to a rule that grants");
  }

  @Test
  void emptyAndNegativeOnlyContainersAreErrors() throws Exception {
    assertThat(
            problems(
                """
        <Location />
          <RequireAll>
          </RequireAll>
          <RequireAll>
            Require not ip 10.0.0.0/8
            <RequireNone>
              Require ip 10.1.0.0/16
            </RequireNone>
          </RequireAll>
        </Location>
        """))
        .containsExactly(
            "t.conf:3: <RequireAll>: <RequireAll> directive contains no authorization directives;"
                + " add a Require line or remove the empty section",
            "t.conf:5: <RequireAll>: <RequireAll> directive contains only negative authorization directives;"
                + " add a rule that grants, e.g. Require valid-user");
  }

  @Test
  void unknownProvidersGetASuggestionAndBadArgumentsSayWhy() throws Exception {
    assertThat(
            problems(
                """
        <Location />
          Require tailscale-usr icing@github
          Require ip 100.64.0.0/99
          Require tailscale-tag ci
          AuthType Basic
          AuthMerging Both
        </Location>
        """))
        .containsExactly(
            "t.conf:3: Require: unknown authorization provider \"tailscale-usr\"; did you mean tailscale-user?",
            "t.conf:4: Require: Require ip 100.64.0.0/99: a /99 prefix is longer than the address (32 bits);"
                + " write an address or a network, e.g. 100.64.0.0/10, fd7a:115c:a1e0::/48 or 10.1",
            "t.conf:5: Require: \"ci\" is not a tag; tags are written with their prefix: tag:ci",
            "t.conf:6: AuthType: AuthType Basic is not supported by tailgate;"
                + " write AuthType tailscale (the user is the tailnet login) or AuthType None",
            "t.conf:7: AuthMerging: expects Off, And or Or, got \"Both\"; syntax: AuthMerging Off|And|Or");
  }

  @Test
  void tailscaleServerSettingsAreChecked() throws Exception {
    assertThat(
            problems(
                """
        AuthTailscaleURL https://localhost/sock
        AuthTailscaleCacheTimeout soon
        AuthTailscaleHeader user-email X-Email
        <VirtualHost *:8080>
          AuthTailscaleURL file://elsewhere/run/tailscale/tailscaled.sock
          AuthTailscaleTaggedAsUser maybe
        </VirtualHost>
        RemoteIPProxyProtocol On 99999
        """))
        .containsExactly(
            "t.conf:2: AuthTailscaleURL: https is not a supported scheme; write the socket path, e.g."
                + " /var/run/tailscale/tailscaled.sock or file://localhost/var/run/tailscale/tailscaled.sock",
            "t.conf:3: AuthTailscaleCacheTimeout: \"soon\" is not a duration; write whole seconds"
                + " (AuthTailscaleCacheTimeout 5), a unit (500ms, 30s, 5mi, 1h), or 0 for no cache",
            "t.conf:4: AuthTailscaleHeader: unknown identity field \"user-email\"; one of user-login, user-name,"
                + " user-profile-pic, node-name, node-tags, app-capabilities, remote-user",
            "t.conf:6: AuthTailscaleURL: hosts other than 'localhost' not supported; write the socket path, e.g."
                + " /var/run/tailscale/tailscaled.sock or file://localhost/var/run/tailscale/tailscaled.sock",
            "t.conf:7: AuthTailscaleTaggedAsUser: expects on or off, got \"maybe\"; write AuthTailscaleTaggedAsUser off"
                + " (the default: tagged devices are no user) or on",
            "t.conf:9: RemoteIPProxyProtocol: \"99999\" is not a port; write the port of a Listen line, e.g. 8443");
  }

  @Test
  void theThreeFormsOfTheSocketUrlAreAccepted() throws Exception {
    Path dir = Files.createTempDirectory("tailgate-authz-ok");
    Path file = dir.resolve("ok.conf");
    Files.writeString(
        file,
        """
        Listen 127.0.0.1:8080
        AuthTailscaleURL /run/tailscale/tailscaled.sock
        <VirtualHost *:8080>
          AuthTailscaleURL file:///run/tailscale/tailscaled.sock
        </VirtualHost>
        <VirtualHost *:8080>
          ServerName b
          AuthTailscaleURL file://localhost/run/tailscale/tailscaled.sock
          <Location />
            AuthType tailscale
            <RequireAll>
              Require valid-user
              Require not user bob@github
              <RequireNone>
                Require ip 10.0.0.0/8
              </RequireNone>
            </RequireAll>
          </Location>
        </VirtualHost>
        """,
        StandardCharsets.UTF_8);

    assertThat(TailgateHarness.load(file).virtualHosts()).hasSize(2);
  }
}
