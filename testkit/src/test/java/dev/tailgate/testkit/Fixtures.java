package dev.tailgate.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The spec's fixture bodies, and a tailnet that reproduces the fixtures' data, so the fake's output
 * can be compared with what real tailscaled sends.
 */
final class Fixtures {
  static final ObjectMapper JSON = new ObjectMapper();

  static final FakeUser ALICE =
      new FakeUser(
          7193842950712345L,
          "alice@example.com",
          "Alice Example",
          "https://lh3.googleusercontent.com/a/ACg8ocJexample=s96-c",
          List.of("group:eng"));
  static final FakeUser BOB =
      new FakeUser(
          4475120938476611L,
          "bob@github",
          "Bob Builder",
          "https://avatars.githubusercontent.com/u/1234567?v=4",
          List.of());
  static final FakeUser CAROL =
      new FakeUser(5566778899001122L, "carol@other.org", "Carol Other", null, List.of());
  static final FakeUser DAVE =
      new FakeUser(5566778899003344L, "dave@other.org", "Dave Admin", null, List.of());

  private Fixtures() {}

  static String text(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Self {@code vps} (tagged) with peers alice-laptop and ci-runner-1, as in status.json. */
  static FakeTailnet statusTailnet() {
    FakeTailnet tailnet = FakeTailnet.create("example.com", "tail4c2a9.ts.net");
    tailnet.setTaggedDevicesUserId(30504053928343272L);
    tailnet.setSelf(
        FakeNode.named("vps")
            .tags("tag:server")
            .stableId("nK9dR3tYw711CNTRL")
            .key("nodekey:e6fffa47f0c80362ac2ecbec0a5a53543e2491e3a2fd738e3ca391a79e0cf502")
            .addresses("100.64.12.34", "fd7a:115c:a1e0::5c01:c22")
            .endpoints("198.51.100.7:41641", "10.1.0.5:41641")
            .created(Instant.parse("2025-11-02T10:20:30.123456Z"))
            .peerApiPort(47823));
    tailnet.addNode(
        FakeNode.named("alice-laptop")
            .owner(ALICE)
            .id(5104738162373417L)
            .stableId("nX7kQ2fJ9R11CNTRL")
            .key("nodekey:69f62d3d98e6835792ea1fb1e9d2f6f10725b85a017ad2aa88b86d4d111a9358")
            .keyExpiry(Instant.parse("2027-04-12T09:15:42Z"))
            .machineKey("mkey:0e882017c951e4363db5b63af10e4f74b0385f1a7bc554103bfad18fe578304e")
            .discoKey("discokey:9fcf298914371ff491f98a7c3c1cf832df991e2ae72643aa428e57b296eaceec")
            .addresses("100.101.42.7", "fd7a:115c:a1e0::c701:2a07")
            .endpoints("203.0.113.45:41641", "192.168.1.23:41641")
            .homeDerp(4)
            .os("macOS")
            .osVersion("15.5.0")
            .hostname("Alices-MacBook-Pro")
            .peerApiPort(64210)
            .created(Instant.parse("2025-10-14T09:15:42.123456789Z"))
            .capVersion(130)
            .grant("example.com/cap/proxy", "{\"role\":\"admin\",\"paths\":[\"/admin/*\"]}"));
    tailnet.addNode(
        FakeNode.named("ci-runner-1")
            .tags("tag:ci", "tag:deploy")
            .id(6630129384756102L)
            .stableId("nQ4hT8vKd311CNTRL")
            .key("nodekey:b51e4724d2dad745134c9b3346cccf7bcf1644d2c1532801473888390cc618a7")
            .machineKey("mkey:c7e1d539c52cae48379257487b1ebe5680a9459a71be34dfbb66d786d6035406")
            .discoKey("discokey:4d3eac7a64e657e26b18b01ffb32e0ed2fcc583cd7e5fbc13fa89e49d90d266d")
            .addresses("100.88.17.120", "fd7a:115c:a1e0::4e01:1178")
            .endpoints("198.51.100.20:41641", "10.0.3.15:41641")
            .homeDerp(1)
            .os("linux")
            .osVersion("6.8.0-60-generic")
            .peerApiPort(52310)
            .created(Instant.parse("2026-01-20T17:02:11.5Z"))
            .capVersion(133)
            .grant("example.com/cap/proxy", "{\"role\":\"deployer\"}"));
    return tailnet;
  }

  /** {@link #statusTailnet()} plus bob's sharee device and carol's shared-in nas. */
  static FakeTailnet whoisTailnet() {
    FakeTailnet tailnet = statusTailnet();
    tailnet.addNode(
        FakeNode.sharee(BOB)
            .id(3381920457781234L)
            .stableId("nB2mW6sLp911CNTRL")
            .key("nodekey:86d001401bdd128fc8b6f5fc498307acac14fa3cf5e567b9bb77ff9ec128065c")
            .keyExpiry(Instant.parse("2027-02-02T11:00:00Z"))
            .machineKey("mkey:8be5b730b8de838fbc0cd5cff0194911c1305b692587a76a56f76cd48cb295af")
            .discoKey("discokey:2bfbcfceb0b68a31e01f7ba96c1d07e3aebe4012b11950094e4bc7e2fb28a90a")
            .addresses("100.77.201.9", "fd7a:115c:a1e0::fa01:c909")
            .endpoints("192.0.2.77:41641")
            .homeDerp(9)
            .created(Instant.parse("2025-06-30T08:00:00Z")));
    tailnet.addNode(
        FakeNode.sharedIn("nas.tail9f3e1.ts.net", CAROL, DAVE)
            .id(4412093387761290L)
            .stableId("nR5tU1wXa211CNTRL")
            .key("nodekey:2c96eec2dc19481572f8e261671a35227b131f5f330f2f8c704b262ba8379951")
            .keyExpiry(Instant.parse("2026-12-30T18:45:00Z"))
            .machineKey("mkey:12e9f7c42db61a0089de9074953074941f9c2a830fc3983c005ab927f423af74")
            .discoKey("discokey:cf3ee186aa4a393b33641ae3889b1cbfed402fe5fc8246936019c6f9418ad4c3")
            .addresses("100.92.164.89", "fd7a:115c:a1e0::ad01:a459")
            .endpoints("198.51.100.150:41641")
            .homeDerp(2)
            .os("linux")
            .peerApiPort(40011)
            .created(Instant.parse("2024-03-09T12:00:00Z"))
            .capVersion(125));
    return tailnet;
  }

  /**
   * Every object's key list in document order, one line per object (path: keys), so two bodies with
   * the same shape but different values compare equal.
   */
  static List<String> shape(JsonNode node) {
    List<String> out = new ArrayList<>();
    shape("$", node, out);
    return out;
  }

  private static void shape(String path, JsonNode node, List<String> out) {
    if (node.isObject()) {
      List<String> keys = new ArrayList<>();
      node.fieldNames().forEachRemaining(keys::add);
      out.add(path + " " + keys);
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        shape(path + "." + key, node.get(key), out);
      }
    } else if (node.isArray()) {
      out.add(path + " array");
      for (int i = 0; i < node.size(); i++) {
        shape(path + "[" + i + "]", node.get(i), out);
      }
    } else {
      out.add(path + " " + node.getNodeType());
    }
  }
}
