package dev.tailgate.config.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.config.ConfigText;
import java.net.InetAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VirtualHostSelectionTest {

  @TempDir Path dir;

  private TailgateConfig config;
  private InetAddress any;
  private InetAddress specific;

  @BeforeEach
  void load() throws Exception {
    any = InetAddress.getByName("100.64.0.9");
    specific = InetAddress.getByName("100.64.0.1");
    config =
        ConfigText.load(
            dir,
            """
                Listen 443 https
                Listen 80
                ServerName main.example.org
                <VirtualHost *:443>
                  ServerName first.example.org
                  SSLEngine on
                </VirtualHost>
                <VirtualHost *:443>
                  ServerName second.example.org
                  ServerAlias www.second.example.org *.wild.example.org
                  SSLEngine on
                </VirtualHost>
                <VirtualHost 100.64.0.1:443>
                  ServerName bound.example.org
                  SSLEngine on
                </VirtualHost>
                """);
  }

  @Test
  void byServerNameAndAliasCaseInsensitiveWithPortAndTrailingDot() {
    assertThat(name(config.select(any, 443, "second.example.org"))).isEqualTo("second.example.org");
    assertThat(name(config.select(any, 443, "WWW.Second.Example.org.:443")))
        .isEqualTo("second.example.org");
    assertThat(name(config.select(any, 443, "x.wild.example.org"))).isEqualTo("second.example.org");
    assertThat(name(config.select(any, 443, "wild.example.org"))).isEqualTo("first.example.org");
  }

  @Test
  void firstVhostOfTheAddressIsTheDefault() {
    assertThat(name(config.select(any, 443, "unknown.example.org"))).isEqualTo("first.example.org");
    assertThat(name(config.select(any, 443, null))).isEqualTo("first.example.org");
  }

  @Test
  void vhostsBoundToTheExactAddressWinOverWildcardOnes() {
    assertThat(name(config.select(specific, 443, "second.example.org")))
        .isEqualTo("bound.example.org");
  }

  @Test
  void theMainServerAnswersWhereNoVhostIsBound() {
    VirtualHost selected = config.select(any, 80, "first.example.org");

    assertThat(selected.isMainServer()).isTrue();
    assertThat(name(selected)).isEqualTo("main.example.org");
  }

  private static String name(VirtualHost vhost) {
    return vhost.host().serverName().orElseThrow();
  }
}
