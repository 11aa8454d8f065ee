package dev.tailgate.localapi.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.localapi.Fixtures;
import org.junit.jupiter.api.Test;

/** Every fixture parses into the model with the fields tailgate uses intact. */
class FixtureParsingTest {

  @Test
  void userOwnedNodeKeepsNameTrailingDotGrantsAndLargeIds() {
    WhoIs whois = Fixtures.read("whois-user.json", WhoIs.class);

    assertThat(whois.node().name()).isEqualTo("alice-laptop.tail4c2a9.ts.net.");
    assertThat(whois.node().stableId()).isEqualTo("nX7kQ2fJ9R11CNTRL");
    assertThat(whois.node().id()).isEqualTo(5104738162373417L);
    assertThat(whois.node().addresses())
        .containsExactly("100.101.42.7/32", "fd7a:115c:a1e0::c701:2a07/128");
    assertThat(whois.node().isTagged()).isFalse();
    assertThat(whois.node().isSharee()).isFalse();
    assertThat(whois.node().tailnet()).isEqualTo("tail4c2a9.ts.net.");
    assertThat(whois.node().keyExpiryInstant()).isPresent();
    assertThat(whois.node().hostinfo().os()).isEqualTo("macOS");
    assertThat(whois.userProfile().id()).isEqualTo(7193842950712345L);
    assertThat(whois.userProfile().loginName()).isEqualTo("alice@example.com");
    assertThat(whois.userProfile().displayName()).isEqualTo("Alice Example");
    assertThat(whois.userProfile().groups()).containsExactly("group:eng");
    assertThat(whois.capMap().names()).containsExactly("example.com/cap/proxy");
    assertThat(whois.capMap().values("example.com/cap/proxy"))
        .containsExactly("{\"role\":\"admin\",\"paths\":[\"/admin/*\"]}");
  }

  @Test
  void taggedNodeIsTaggedByTagsAndKeepsAnIdAbove2To53() {
    WhoIs whois = Fixtures.read("whois-tagged.json", WhoIs.class);

    assertThat(whois.isTagged()).isTrue();
    assertThat(whois.node().tags()).containsExactly("tag:ci", "tag:deploy");
    assertThat(whois.userProfile().id()).isEqualTo(30504053928343272L);
    assertThat(whois.node().user()).isEqualTo(30504053928343272L);
    assertThat(whois.userProfile().loginName()).isEqualTo("tagged-devices");
    assertThat(whois.userProfile().profilePicUrl()).isEmpty();
    assertThat(whois.node().keyExpiryInstant()).isEmpty();
  }

  @Test
  void shareeNodeHasNoNameAndNoTailnet() {
    WhoIs whois = Fixtures.read("whois-shared.json", WhoIs.class);

    assertThat(whois.node().isSharee()).isTrue();
    assertThat(whois.node().name()).isEmpty();
    assertThat(whois.node().tailnet()).isEmpty();
    assertThat(whois.userProfile().loginName()).isEqualTo("bob@github");
    assertThat(whois.capMap().isEmpty()).isTrue();
  }

  @Test
  void sharedInNodeNamesItsOwnerAndSharerAndHasNoDerivableTailnet() {
    WhoIs whois = Fixtures.read("whois-shared-in.json", WhoIs.class);

    assertThat(whois.node().isSharedIn()).isTrue();
    assertThat(whois.node().sharer()).isEqualTo(5566778899003344L);
    assertThat(whois.userProfile().loginName()).isEqualTo("carol@other.org");
    assertThat(whois.node().name()).isEqualTo("nas.tail9f3e1.ts.net.");
    // ComputedName is the FQDN itself, so there is nothing after "ComputedName." to call a tailnet
    assertThat(whois.node().tailnet()).isEmpty();
  }

  @Test
  void statusWithPeersResolvesUsersByDecimalStringKeys() {
    Status status = Fixtures.read("status.json", Status.class);

    assertThat(status.isRunning()).isTrue();
    assertThat(status.version()).startsWith("1.98.10");
    assertThat(status.self().dnsName()).isEqualTo("vps.tail4c2a9.ts.net.");
    assertThat(status.self().dnsNameWithoutDot()).isEqualTo("vps.tail4c2a9.ts.net");
    assertThat(status.self().tailscaleIps())
        .containsExactly("100.64.12.34", "fd7a:115c:a1e0::5c01:c22");
    assertThat(status.self().tags()).containsExactly("tag:server");
    assertThat(status.self().attributes()).contains("https", "funnel");
    assertThat(status.certDomains()).containsExactly("vps.tail4c2a9.ts.net");
    assertThat(status.magicDnsSuffix()).isEqualTo("tail4c2a9.ts.net");
    assertThat(status.tailnet()).map(CurrentTailnet::name).hasValue("example.com");
    assertThat(status.peers()).hasSize(2);
    assertThat(status.user(30504053928343272L))
        .map(UserProfile::loginName)
        .hasValue("tagged-devices");
    assertThat(status.user(7193842950712345L))
        .map(UserProfile::loginName)
        .hasValue("alice@example.com");
  }

  @Test
  void statusWithoutPeersHasNoPeersOrUsers() {
    Status status = Fixtures.read("status-nopeers.json", Status.class);

    assertThat(status.isRunning()).isTrue();
    assertThat(status.peers()).isEmpty();
    assertThat(status.users()).isEmpty();
    assertThat(status.certDomains()).containsExactly("vps.tail4c2a9.ts.net");
    assertThat(status.self().dnsName()).isEqualTo("vps.tail4c2a9.ts.net.");
  }

  @Test
  void loggedOutStatusHasNoTailnetAndNoCertDomains() {
    Status status = Fixtures.read("status-needslogin.json", Status.class);

    assertThat(status.backendState()).isEqualTo(BackendState.NeedsLogin);
    assertThat(status.isRunning()).isFalse();
    assertThat(status.tailnet()).isEmpty();
    assertThat(status.certDomains()).isEmpty();
    assertThat(status.self().dnsName()).isEmpty();
  }

  @Test
  void aBackendStateFromTheFutureIsUnknownNotAnError() throws Exception {
    Status status =
        Fixtures.JSON.readValue("{\"BackendState\":\"Hibernating\",\"Self\":{}}", Status.class);

    assertThat(status.backendState()).isEqualTo(BackendState.Unknown);
  }

  @Test
  void olderDaemonsZeroTimesAndRolesAreTolerated() throws Exception {
    String old =
        "{\"Node\":{\"ID\":1,\"Name\":\"a.b.ts.net.\",\"KeyExpiry\":\"0001-01-01T00:00:00Z\","
            + "\"ComputedName\":\"a\"},\"UserProfile\":{\"ID\":2,\"LoginName\":\"x@y\",\"Roles\":[],"
            + "\"ProfilePicURL\":\"\"},\"CapMap\":{\"cap/x\":null}}";

    WhoIs whois = Fixtures.JSON.readValue(old, WhoIs.class);

    assertThat(whois.node().keyExpiryInstant()).isEmpty();
    assertThat(whois.node().tailnet()).isEqualTo("b.ts.net.");
    assertThat(whois.capMap().has("cap/x")).isTrue();
    assertThat(whois.capMap().values("cap/x")).isEmpty();
  }
}
