package dev.tailgate.auth.policy;

import static dev.tailgate.auth.policy.AuthzResult.DENIED;
import static dev.tailgate.auth.policy.AuthzResult.DENIED_NO_USER;
import static dev.tailgate.auth.policy.AuthzResult.GRANTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailgate.auth.identity.Identity;
import dev.tailgate.auth.policy.providers.Providers;
import dev.tailgate.localapi.model.CapMap;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each provider's arguments and answers, including the pitfalls of apache-modules.md §D. */
class ProvidersTest {
  private static final Providers PROVIDERS = Providers.standard();

  private static final Identity ICING =
      new Identity(
          "icing@github",
          "Stefan Eissing",
          "",
          1,
          11,
          "laptop.tail4c2a9.ts.net.",
          "n1",
          "tail4c2a9.ts.net.",
          List.of(),
          false,
          new CapMap(Map.of("example.com/cap/admin", List.of("{}"))));
  private static final Identity CI =
      new Identity(
          "tagged-devices",
          "Tagged Devices",
          "",
          2,
          12,
          "ci.tail4c2a9.ts.net.",
          "n2",
          "tail4c2a9.ts.net.",
          List.of("tag:ci", "tag:build"),
          false,
          new CapMap(Map.of("example.com/cap/admin", List.of("{}"))));

  private static AuthzResult eval(
      String line, Optional<Identity> who, TaggedDevices tagged, String client) throws Exception {
    List<String> words = List.of(line.split(" "));
    Require rule = PROVIDERS.find(words.get(0)).orElseThrow().rule(words.subList(1, words.size()));
    return rule.evaluate(
        new AuthzRequest(
            Optional.empty(), Optional.of(InetAddress.getByName(client)), who, tagged));
  }

  private static AuthzResult eval(String line, Identity who) throws Exception {
    return eval(line, Optional.of(who), TaggedDevices.DEVICES, "100.64.0.1");
  }

  @Test
  void nodeNamesMatchWithOrWithoutTheTrailingDot() throws Exception {
    assertThat(eval("tailscale-node laptop.tail4c2a9.ts.net", ICING)).isEqualTo(GRANTED);
    assertThat(eval("tailscale-node laptop.tail4c2a9.ts.net.", ICING)).isEqualTo(GRANTED);
    assertThat(eval("tailscale-node laptop.other.ts.net", ICING)).isEqualTo(DENIED);
    assertThat(eval("tailscale-tailnet tail4c2a9.ts.net", ICING)).isEqualTo(GRANTED);
    assertThat(eval("tailscale-tailnet tail4c2a9.ts.net.", ICING)).isEqualTo(GRANTED);
  }

  @Test
  void taggedDevicesAreNoUserByDefaultButPassRulesNamingTheirTagsOrNode() throws Exception {
    assertThat(eval("tailscale-user *", CI)).isEqualTo(DENIED);
    assertThat(eval("tailscale-user tagged-devices", CI)).isEqualTo(DENIED);
    assertThat(eval("tailscale-tailnet *", CI)).isEqualTo(DENIED);
    assertThat(eval("tailscale-cap example.com/cap/admin", CI)).isEqualTo(DENIED);
    assertThat(eval("tailscale-tag tag:build", CI)).isEqualTo(GRANTED);
    assertThat(eval("tailscale-tag tag:deploy", CI)).isEqualTo(DENIED);
    assertThat(eval("tailscale-node ci.tail4c2a9.ts.net", CI)).isEqualTo(GRANTED);
  }

  @Test
  void theSwitchMakesTaggedDevicesTheUserTaggedDevicesAsInHttpd() throws Exception {
    assertThat(eval("tailscale-user *", Optional.of(CI), TaggedDevices.USERS, "100.64.0.1"))
        .isEqualTo(GRANTED);
    assertThat(
            eval(
                "tailscale-user tagged-devices",
                Optional.of(CI),
                TaggedDevices.USERS,
                "100.64.0.1"))
        .isEqualTo(GRANTED);
  }

  @Test
  void capabilitiesAreGrantsOfTheTailnetPolicy() throws Exception {
    assertThat(eval("tailscale-cap example.com/cap/admin", ICING)).isEqualTo(GRANTED);
    assertThat(eval("tailscale-cap example.com/cap/other example.com/cap/admin", ICING))
        .isEqualTo(GRANTED);
    assertThat(eval("tailscale-cap example.com/cap/other", ICING)).isEqualTo(DENIED);
  }

  @Test
  void withoutAnIdentityEveryTailscaleRuleDenies() throws Exception {
    for (String line :
        List.of(
            "tailscale-user *",
            "tailscale-node *",
            "tailscale-tailnet *",
            "tailscale-tag tag:ci",
            "tailscale-cap example.com/cap/admin")) {
      assertThat(eval(line, Optional.empty(), TaggedDevices.DEVICES, "100.64.0.1"))
          .as(line)
          .isEqualTo(DENIED);
    }
  }

  @Test
  void ipRangesTakeCidrNetmasksPartialAddressesAndIpv6() throws Exception {
    assertThat(eval("ip 100.64.0.0/10", Optional.empty(), TaggedDevices.DEVICES, "100.101.42.7"))
        .isEqualTo(GRANTED);
    assertThat(eval("ip 100.64.0.0/10", Optional.empty(), TaggedDevices.DEVICES, "100.128.0.1"))
        .isEqualTo(DENIED);
    assertThat(eval("ip 10.0.0.0/255.0.0.0", Optional.empty(), TaggedDevices.DEVICES, "10.9.8.7"))
        .isEqualTo(GRANTED);
    assertThat(eval("ip 192.168", Optional.empty(), TaggedDevices.DEVICES, "192.168.77.1"))
        .isEqualTo(GRANTED);
    assertThat(eval("ip 192.168", Optional.empty(), TaggedDevices.DEVICES, "192.169.0.1"))
        .isEqualTo(DENIED);
    assertThat(
            eval(
                "ip fd7a:115c:a1e0::/48",
                Optional.empty(),
                TaggedDevices.DEVICES,
                "fd7a:115c:a1e0::c701:2a07"))
        .isEqualTo(GRANTED);
    assertThat(
            eval(
                "ip fd7a:115c:a1e0::/48",
                Optional.empty(),
                TaggedDevices.DEVICES,
                "fd7a:115c:a1e1::1"))
        .isEqualTo(DENIED);
    assertThat(eval("ip 127.0.0.1", Optional.empty(), TaggedDevices.DEVICES, "::ffff:127.0.0.1"))
        .isEqualTo(GRANTED);
  }

  @Test
  void badArgumentsAreRefusedWithAHint() {
    assertThatThrownBy(() -> PROVIDERS.find("ip").orElseThrow().rule(List.of("10.0.0.0/33")))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("/33");
    assertThatThrownBy(() -> PROVIDERS.find("ip").orElseThrow().rule(List.of("example.com")))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("not an IP address");
    assertThatThrownBy(
            () -> PROVIDERS.find("ip").orElseThrow().rule(List.of("10.0.0.0/255.0.255.0")))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("not contiguous");
    assertThatThrownBy(() -> PROVIDERS.find("all").orElseThrow().rule(List.of("allowed")))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining("granted or denied");
    assertThatThrownBy(() -> PROVIDERS.find("tailscale-tag").orElseThrow().rule(List.of("ci")))
        .isInstanceOf(PolicyException.class)
        .satisfies(e -> assertThat(((PolicyException) e).hint()).contains("tag:ci"));
    assertThatThrownBy(() -> PROVIDERS.find("valid-user").orElseThrow().rule(List.of("bob")))
        .isInstanceOf(PolicyException.class);
  }

  @Test
  void userRulesAskForAUserFirst() throws Exception {
    Require rule = PROVIDERS.find("user").orElseThrow().rule(List.of("icing@github"));
    AuthzRequest anonymous =
        new AuthzRequest(
            Optional.empty(), Optional.empty(), Optional.empty(), TaggedDevices.DEVICES);

    assertThat(rule.evaluate(anonymous)).isEqualTo(DENIED_NO_USER);
    assertThat(rule.evaluate(anonymous.withUser("icing@github"))).isEqualTo(GRANTED);
    assertThat(rule.evaluate(anonymous.withUser("alice@example.com"))).isEqualTo(DENIED);
  }
}
