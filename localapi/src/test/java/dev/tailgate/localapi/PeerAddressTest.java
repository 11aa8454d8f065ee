package dev.tailgate.localapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class PeerAddressTest {

  @Test
  void ipv4IsIpColonPort() throws Exception {
    assertThat(PeerAddress.format(new InetSocketAddress(InetAddress.getByName("100.101.42.7"), 51234)))
        .isEqualTo("100.101.42.7:51234");
  }

  @Test
  void ipv6IsBracketedAsTailscaledRequires() throws Exception {
    assertThat(PeerAddress.format(new InetSocketAddress(InetAddress.getByName("fd7a:115c:a1e0::c701:2a07"), 443)))
        .isEqualTo("[fd7a:115c:a1e0:0:0:0:c701:2a07]:443");
  }

  @Test
  void ipv6ScopeIsDropped() throws Exception {
    assertThat(PeerAddress.format(new InetSocketAddress(InetAddress.getByName("fe80::1%1"), 80)))
        .isEqualTo("[fe80:0:0:0:0:0:0:1]:80");
  }

  @Test
  void ipv4MappedIpv6IsUnmapped() throws Exception {
    assertThat(PeerAddress.format(new InetSocketAddress(InetAddress.getByName("::ffff:100.64.0.1"), 7)))
        .isEqualTo("100.64.0.1:7");
  }
}
