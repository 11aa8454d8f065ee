package dev.tailgate.localapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class PeerAddressTest {

  @Test
  void ipv4IsIpColonPort() throws Exception {
    assertThat(
            PeerAddress.format(new InetSocketAddress(InetAddress.getByName("100.101.42.7"), 51234)))
        .isEqualTo("100.101.42.7:51234");
  }

  @Test
  void ipv6IsBracketedAsTailscaledRequires() throws Exception {
    assertThat(
            PeerAddress.format(
                new InetSocketAddress(InetAddress.getByName("fd7a:115c:a1e0::c701:2a07"), 443)))
        .isEqualTo("[fd7a:115c:a1e0::c701:2a07]:443");
  }

  @Test
  void ipv6ScopeIsDropped() throws Exception {
    assertThat(PeerAddress.format(new InetSocketAddress(InetAddress.getByName("fe80::1%1"), 80)))
        .isEqualTo("[fe80::1]:80");
  }

  @Test
  void ipv4MappedIpv6IsUnmapped() throws Exception {
    assertThat(
            PeerAddress.format(
                new InetSocketAddress(InetAddress.getByName("::ffff:100.64.0.1"), 7)))
        .isEqualTo("100.64.0.1:7");
  }

  @Test
  void ipv6IsWrittenInTheCanonicalCompressedForm() throws Exception {
    // RFC 5952, as Go's netip writes it: the longest zero run (the first of equals) becomes ::
    assertThat(PeerAddress.format(InetAddress.getByName("::1"), 443)).isEqualTo("[::1]:443");
    assertThat(PeerAddress.format(InetAddress.getByName("::"), 1)).isEqualTo("[::]:1");
    assertThat(PeerAddress.format(InetAddress.getByName("1:0:0:2:0:0:0:3"), 1))
        .isEqualTo("[1:0:0:2::3]:1");
    assertThat(PeerAddress.format(InetAddress.getByName("1:0:0:2:0:0:3:4"), 1))
        .isEqualTo("[1::2:0:0:3:4]:1");
    assertThat(PeerAddress.format(InetAddress.getByName("1:0:2:3:4:5:6:7"), 1))
        .isEqualTo("[1:0:2:3:4:5:6:7]:1");
    assertThat(
            PeerAddress.format(InetAddress.getByName("fd7a:115c:a1e0:ab12:4843:cd96:6258:b240"), 1))
        .isEqualTo("[fd7a:115c:a1e0:ab12:4843:cd96:6258:b240]:1");
    assertThat(PeerAddress.format(InetAddress.getByName("0:0:1::"), 1)).isEqualTo("[0:0:1::]:1");
  }
}
