package dev.tailgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tailgate.certs.managed.Issuer;
import dev.tailgate.certs.managed.KeySpec;
import dev.tailgate.certs.managed.ManagedDomain;
import dev.tailgate.config.model.AccessLog;
import dev.tailgate.config.model.HostConfig;
import dev.tailgate.config.model.Listener;
import dev.tailgate.config.model.LogTarget;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.syntax.ConfigException;
import dev.tailgate.config.syntax.ConfigProblem;
import dev.tailgate.server.auth.compile.SiteAuthSettings;
import dev.tailgate.server.auth.compile.TailscaleServerSettings;
import dev.tailgate.server.md.config.MdConfig;
import dev.tailgate.server.runtime.StandardModules;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompileTest {

  @TempDir Path dir;

  private TailgateConfig load(String text) throws ConfigException {
    return ConfigText.load(dir, text);
  }

  @Test
  void listenForms() throws Exception {
    TailgateConfig config =
        load(
            """
                Listen 80
                Listen 443
                Listen 127.0.0.1:8080 https
                Listen [::1]:8443 HTTPS
                Listen 9000 http
                """);

    assertThat(config.listeners())
        .extracting(Listener::toString)
        .containsExactly(
            "*:80 http",
            "*:443 https",
            "127.0.0.1:8080 https",
            "[0:0:0:0:0:0:0:1]:8443 https",
            "*:9000 http");
    assertThat(config.listeners().get(3).address()).contains(InetAddress.getByName("::1"));
    assertThat(config.listeners().get(3).accepts(InetAddress.getByName("::1"), 8443)).isTrue();
    assertThat(config.listeners().get(2).accepts(InetAddress.getByName("127.0.0.2"), 8080))
        .isFalse();
  }

  @Test
  void directiveNamesAreCaseInsensitive() throws Exception {
    HostConfig host =
        load("listen 80\n<virtualhost *:80>\nSERVERNAME a.example.org\nserveralias b.example.org\n</VIRTUALHOST>\n")
            .virtualHosts()
            .get(0)
            .host();

    assertThat(host.serverName()).contains("a.example.org");
    assertThat(host.serverAliases()).containsExactly("b.example.org");
  }

  @Test
  void durationsInSecondsOrWithUnits() throws Exception {
    HostConfig host =
        load("Listen 80\nTimeout 30\nKeepAliveTimeout 500ms\nProxyTimeout 2mi\n")
            .mainServer()
            .host();

    assertThat(host.timeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(host.keepAliveTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(host.proxyTimeout()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void httpdDefaults() throws Exception {
    HostConfig host = load("Listen 80\n").mainServer().host();

    assertThat(host.timeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(host.keepAliveTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(host.proxyTimeout())
        .as("ProxyTimeout defaults to Timeout")
        .isEqualTo(Duration.ofSeconds(60));
    assertThat(host.tls().engine()).isFalse();
    assertThat(host.errorLog()).isEqualTo(new LogTarget.Console());
    assertThat(host.accessLogs())
        .singleElement()
        .satisfies(
            log -> {
              assertThat(log.nickname()).contains("combined");
              assertThat(log.format()).isEqualTo(LogFormats.COMBINED);
            });
  }

  @Test
  void vhostsInheritFromTheMainServerWhatTheyDoNotSet() throws Exception {
    Files.createDirectories(dir.resolve("www"));
    Files.createDirectories(dir.resolve("other"));
    TailgateConfig config =
        load(
            """
                Listen 80
                ServerName main.example.org
                Timeout 10
                DocumentRoot www
                ProxyPass /shared http://127.0.0.1:1/
                <Location /status>
                  SetHandler md-status
                </Location>
                <VirtualHost *:80>
                  Timeout 20
                </VirtualHost>
                <VirtualHost *:80>
                  ServerName other.example.org
                  DocumentRoot other
                  ProxyPass /own http://127.0.0.1:2/
                  <Location /own>
                  </Location>
                </VirtualHost>
                """);
    HostConfig first = config.virtualHosts().get(0).host();
    HostConfig second = config.virtualHosts().get(1).host();

    assertThat(first.serverName()).contains("main.example.org");
    assertThat(first.timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(first.documentRoot()).contains(dir.resolve("www"));
    assertThat(second.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(second.documentRoot()).contains(dir.resolve("other"));
    assertThat(second.proxyRules()).extracting(r -> r.path()).containsExactly("/own", "/shared");
    assertThat(second.locations())
        .extracting(l -> l.describe())
        .containsExactly("<Location /status>", "<Location /own>");
  }

  @Test
  void accessLogsResolveNicknamesDefinedAnywhereAndVhostsInheritThem() throws Exception {
    TailgateConfig config =
        load(
            """
                Listen 80
                CustomLog access.log short
                CustomLog "|/usr/bin/logger -t tailgate" "%h %>s"
                ErrorLog error.log
                LogFormat "%h %u %>s" short
                <VirtualHost *:80>
                  ServerName a.example.org
                </VirtualHost>
                <VirtualHost *:80>
                  ServerName b.example.org
                  LogFormat "%v %h" short
                  CustomLog b.log short
                </VirtualHost>
                """);

    List<AccessLog> main = config.mainServer().host().accessLogs();
    assertThat(main)
        .extracting(AccessLog::target)
        .containsExactly(
            new LogTarget.File(dir.resolve("access.log")),
            new LogTarget.Pipe("/usr/bin/logger -t tailgate"));
    assertThat(main).extracting(AccessLog::format).containsExactly("%h %u %>s", "%h %>s");
    assertThat(main.get(1).nickname()).isEmpty();
    assertThat(config.virtualHosts().get(0).host().accessLogs()).isEqualTo(main);
    assertThat(config.virtualHosts().get(0).host().errorLog())
        .isEqualTo(new LogTarget.File(dir.resolve("error.log")));
    assertThat(config.virtualHosts().get(1).host().accessLogs())
        .singleElement()
        .satisfies(log -> assertThat(log.format()).isEqualTo("%v %h"));
  }

  @Test
  void sslFilesAreResolvedAgainstServerRoot() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.createDirectories(root.resolve("certs"));
    Files.writeString(root.resolve("certs/a.pem"), "x");
    Files.writeString(root.resolve("certs/a.key"), "x");

    HostConfig host =
        load("""
                ServerRoot root
                Listen 443
                <VirtualHost *:443>
                  ServerName a.example.org
                  SSLEngine on
                  SSLCertificateFile certs/a.pem
                  SSLCertificateKeyFile certs/a.key
                </VirtualHost>
                """)
            .virtualHosts()
            .get(0)
            .host();

    assertThat(host.tls().certificateFile()).contains(root.resolve("certs/a.pem"));
    assertThat(host.tls().certificateKeyFile()).contains(root.resolve("certs/a.key"));
  }

  @Test
  void anAcmeDomainGetsMdDefaultsAndWhatItsListenersCanAnswer() throws Exception {
    TailgateConfig config =
        load(
            """
                Listen 80
                Listen 443 https
                ServerAdmin webmaster@example.org
                MDCertificateAgreement accepted
                <MDomain example.org www.example.org>
                  MDProfile shortlived
                </MDomain>
                <MDomain api.example.org>
                  MDCertificateAuthority LetsEncrypt-Test
                  MDPrivateKeys rsa3072
                  MDContactEmail ops@example.org
                  MDCAChallenges tls-alpn-01
                  MDExternalAccountBinding kid-1 zWNDZM6eQGHWpSRTPal5eIUYFTu7
                </MDomain>
                """);

    List<ManagedDomain> domains = MdConfig.of(config).domains();
    assertThat(domains)
        .extracting(ManagedDomain::name)
        .containsExactly("example.org", "api.example.org");
    ManagedDomain site = domains.get(0);
    assertThat(site.names()).containsExactly("example.org", "www.example.org");
    Issuer.Acme acme = (Issuer.Acme) site.issuer();
    assertThat(acme.directory())
        .isEqualTo(URI.create("https://acme-v02.api.letsencrypt.org/directory"));
    assertThat(acme.challenges()).containsExactly("http-01", "tls-alpn-01");
    assertThat(acme.keys()).isEqualTo(KeySpec.DEFAULT);
    assertThat(acme.contacts()).containsExactly(URI.create("mailto:webmaster@example.org"));
    assertThat(acme.agreementAccepted()).isTrue();
    assertThat(acme.profile()).contains("shortlived");
    assertThat(acme.binding()).isEmpty();
    Issuer.Acme api = (Issuer.Acme) domains.get(1).issuer();
    assertThat(api.directory())
        .isEqualTo(URI.create("https://acme-staging-v02.api.letsencrypt.org/directory"));
    assertThat(api.keys()).isEqualTo(new KeySpec("RSA", "", 3072));
    assertThat(api.contacts()).containsExactly(URI.create("mailto:ops@example.org"));
    assertThat(api.challenges()).containsExactly("tls-alpn-01");
    assertThat(api.binding()).map(Issuer.ExternalAccountBinding::keyId).contains("kid-1");
    assertThat(api.binding().orElseThrow().toString())
        .doesNotContain("zWNDZM6eQGHWpSRTPal5eIUYFTu7");
  }

  @Test
  void featureDirectivesAreCompiledOnceIntoTheirTypedValues() throws Exception {
    TailgateConfig config =
        load(
            """
                Listen 443
                MDStoreDir /var/lib/tailgate/md
                MDomain a.example.org auto
                AuthTailscaleURL /run/tailscale/tailscaled.sock
                <VirtualHost *:443>
                  ServerName a.example.org
                  SSLEngine on
                  AuthTailscaleCacheTimeout 2
                  MDCertificateProtocol tailscale
                </VirtualHost>
                """);

    MdConfig md = MdConfig.of(config);
    assertThat(md.domains())
        .singleElement()
        .satisfies(
            domain -> {
              assertThat(domain.name()).isEqualTo("a.example.org");
              assertThat(domain.configuredAt()).endsWith(":3");
            });
    assertThat(md.settings().storeDir()).isEqualTo(Path.of("/var/lib/tailgate/md"));
    SiteAuthSettings vhost =
        config
            .virtualHosts()
            .get(0)
            .host()
            .modules()
            .get(TailscaleServerSettings.KEY)
            .orElseThrow()
            .site();
    assertThat(vhost.socket())
        .as("inherited from the main server")
        .contains(Path.of("/run/tailscale/tailscaled.sock"));
    assertThat(vhost.cacheTimeout()).as("the vhost's own").isEqualTo(Duration.ofSeconds(2));
    SiteAuthSettings main =
        config.mainServer().host().modules().get(TailscaleServerSettings.KEY).orElseThrow().site();
    assertThat(main.cacheTimeout())
        .as("the default, the vhost's setting stays its own")
        .isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void everyProblemIsReportedNotJustTheFirst() {
    ConfigException error =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                load(
                    """
                Listen 80
                ServerNam a
                Timeout x
                <Location /a>
                  Listen 81
                </Location>
                """));

    assertThat(error.problems()).extracting(ConfigProblem::line).containsExactly(2, 3, 5);
    assertThat(error.problems())
        .extracting(ConfigProblem::directive)
        .containsExactly("ServerNam", "Timeout", "Listen");
  }

  @Test
  void aRegistryRefusesTwoOwnersOfOneName() {
    ConfigModule clash =
        new ConfigModule() {
          @Override
          public String name() {
            return "clash";
          }

          @Override
          public List<DirectiveDefinition> directives() {
            return List.of(
                DirectiveDefinition.directive(
                    "servername", DirectiveDefinition.SERVER_ONLY, Arity.exactly(1), "x", c -> {}));
          }
        };
    List<ConfigModule> modules = new java.util.ArrayList<>(StandardModules.all());
    modules.add(clash);

    assertThatThrownBy(() -> DirectiveRegistry.of(modules))
        .hasMessage("directive servername is registered by both core and clash");
  }

  @Test
  void aReplacementModuleTakesOverWithoutTouchingTheCompiler() throws Exception {
    List<String> seen = new java.util.ArrayList<>();
    ConfigModule realMd =
        new ConfigModule() {
          @Override
          public String name() {
            return "md";
          }

          @Override
          public List<DirectiveDefinition> directives() {
            return List.of(
                DirectiveDefinition.directive(
                    "MDStoreDir",
                    DirectiveDefinition.SERVER_ONLY,
                    Arity.exactly(1),
                    "MDStoreDir path",
                    call -> seen.add(call.arg(0) + "@" + call.at().line())));
          }
        };
    List<ConfigModule> modules =
        new java.util.ArrayList<>(
            StandardModules.all().stream().filter(m -> !m.name().equals("md")).toList());
    modules.add(realMd);
    Path file = Files.writeString(dir.resolve("md.conf"), "Listen 80\nMDStoreDir /srv/md\n");

    TailgateConfig config =
        new ConfigLoader(java.util.Map.of(), DirectiveRegistry.of(modules)).load(file);

    assertThat(seen).containsExactly("/srv/md@2");
    assertThat(config.modules().get(MdConfig.KEY)).as("the real md module was replaced").isEmpty();
  }

  @Test
  void suggestionsUseEditDistanceIncludingSwappedLetters() {
    assertThat(ClosestMatch.among("ProxyPas", List.of("ProxyPass", "ProxyPassReverse")))
        .contains("ProxyPass");
    assertThat(ClosestMatch.among("ServreName", List.of("ServerName", "ServerAlias")))
        .contains("ServerName");
    assertThat(ClosestMatch.among("Banana", List.of("ServerName", "Listen")))
        .isEqualTo(Optional.empty());
  }
}
