package dev.tailgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FakeTailnetTest {
  @Test
  void theExampleTailnet() throws IOException {
    FakeTailnet tailnet = FakeTailnet.example();
    TailnetSnapshot snapshot = tailnet.snapshot();

    assertThat(tailnet.magicDnsSuffix()).isEqualTo("headless-chicken.ts.net");
    assertThat(tailnet.self().name()).isEqualTo("vps.headless-chicken.ts.net.");
    assertThat(tailnet.self().tags()).containsExactly("tag:server");
    assertThat(snapshot.certDomains()).containsExactly("vps.headless-chicken.ts.net");
    FakeNode laptop = tailnet.node("laptop");
    assertThat(snapshot.user(laptop.user()).orElseThrow().loginName()).isEqualTo("icing@github");
    assertThat(laptop.grants()).containsKey("example.com/cap/admin");
    assertThat(snapshot.nodeByLoopbackAlias(InetAddress.getByName("127.0.0.2"))).contains(laptop);
    assertThat(snapshot.nodeByLoopbackAlias(InetAddress.getByName("127.0.0.1"))).isEmpty();
    assertThat(tailnet.node("alice-desktop").loopbackAliases())
        .extracting(a -> a.getHostAddress())
        .containsExactly("127.0.0.3");
    FakeNode ci = tailnet.node("ci-runner");
    assertThat(ci.isTagged()).isTrue();
    assertThat(ci.user()).isEqualTo(tailnet.taggedDevicesUser().id());
    assertThat(ci.keyExpiry()).isNull();
  }

  @Test
  void derivedValuesAreStableAndRealistic() {
    FakeTailnet a = FakeTailnet.create("example.com", "tail4c2a9.ts.net");
    FakeTailnet b = FakeTailnet.create("example.com", "tail4c2a9.ts.net");
    FakeUser carol = FakeUser.of("carol@example.com", "Carol");

    FakeNode nodeA = a.addNode(FakeNode.named("box").owner(carol));
    FakeNode nodeB = b.addNode(FakeNode.named("box").owner(carol));

    assertThat(nodeA).isEqualTo(nodeB);
    assertThat(carol.id()).isGreaterThan(1L << 53);
    assertThat(a.taggedDevicesUser().id()).isGreaterThan(1L << 53);
    assertThat(nodeA.stableId()).matches("n[0-9A-Za-z]{11}CNTRL");
    assertThat(nodeA.key()).matches("nodekey:[0-9a-f]{64}");
    assertThat(nodeA.ipv4().orElseThrow().getHostAddress()).startsWith("100.");
    assertThat(nodeA.ipv6().orElseThrow().getAddress())
        .startsWith(0xfd, 0x7a, 0x11, 0x5c, 0xa1, 0xe0);
    assertThat(nodeA.name()).isEqualTo("box.tail4c2a9.ts.net.");
    assertThat(nodeA.fqdn()).isEqualTo("box.tail4c2a9.ts.net");
    assertThat(a.snapshot().user(carol.id())).contains(carol);
  }

  @Test
  void addressesAndAliasesAreUnique() {
    FakeTailnet tailnet = FakeTailnet.example();

    assertThatThrownBy(
            () -> tailnet.addNode(FakeNode.named("x").tags("tag:x").loopbackAliases("127.0.0.2")))
        .hasMessageContaining("127.0.0.2");
    assertThatThrownBy(
            () -> tailnet.addNode(FakeNode.named("y").tags("tag:x").addresses("100.101.42.7")))
        .hasMessageContaining("100.101.42.7");
    assertThatThrownBy(
            () -> tailnet.addNode(FakeNode.named("z").tags("tag:x").loopbackAliases("10.0.0.1")))
        .hasMessageContaining("not a loopback");
  }

  @Test
  void aNodeIsOwnedOrTaggedNotBoth() {
    FakeTailnet tailnet = FakeTailnet.example();
    FakeUser user = tailnet.user("icing@github").orElseThrow();

    assertThatThrownBy(() -> tailnet.addNode(FakeNode.named("both").owner(user).tags("tag:x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tailnet.addNode(FakeNode.named("neither")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FakeNode.named("t").tags("ci")).hasMessageContaining("tag:");
  }

  @Test
  void taggingANodeMovesItToTheTaggedDevicesUser() {
    FakeTailnet tailnet = FakeTailnet.example();
    FakeNode before = tailnet.node("laptop");

    FakeNode after = tailnet.updateNode("laptop", b -> b.tags("tag:server"));

    assertThat(after.stableId()).isEqualTo(before.stableId());
    assertThat(after.addresses()).isEqualTo(before.addresses());
    assertThat(after.user()).isEqualTo(tailnet.taggedDevicesUser().id());
    assertThat(tailnet.peers()).hasSize(3);
  }

  @Test
  void loadsTheDocumentedFormat(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("tailnet.json");
    Files.writeString(
        file,
        """
                {
                  "tailnet": "other.org",
                  "magicDNSSuffix": "tail9f3e1.ts.net",
                  "httpsEnabled": false,
                  "taggedDevicesUserId": 2147455555,
                  "users": [
                    {"loginName": "carol@other.org", "displayName": "Carol", "id": 5566778899001122},
                    {"loginName": "dave@other.org", "displayName": "Dave"},
                    {"loginName": "bob@github", "displayName": "Bob", "profilePicURL": "https://x/?a=1&b=2"}
                  ],
                  "self": {"name": "gw", "user": "dave@other.org", "keyExpiry": null},
                  "nodes": [
                    {"name": "db", "tags": ["tag:db"], "id": 42, "stableId": "nDB", "os": null},
                    {"sharedIn": {"fqdn": "nas.tail4c2a9.ts.net", "sharer": "dave@other.org"}, "user": "carol@other.org"},
                    {"sharee": true, "user": "bob@github", "loopbackAliases": ["127.0.0.9"]}
                  ],
                  "connections": {"127.0.0.1:4000": "db"}
                }
                """);

    TailnetSnapshot t = FakeTailnet.load(file).snapshot();

    assertThat(t.tailnetName()).isEqualTo("other.org");
    assertThat(t.httpsEnabled()).isFalse();
    assertThat(t.self().keyExpiry()).isNull();
    FakeNode db = t.nodeByStableId("nDB").orElseThrow();
    assertThat(db.id()).isEqualTo(42);
    assertThat(db.user()).isEqualTo(2147455555L);
    assertThat(db.os()).isNull();
    FakeNode nas = t.peers().get(1);
    assertThat(nas.name()).isEqualTo("nas.tail4c2a9.ts.net.");
    assertThat(nas.computedName()).isEqualTo("nas.tail4c2a9.ts.net");
    assertThat(nas.user()).isEqualTo(5566778899001122L);
    assertThat(t.user(nas.sharer()).orElseThrow().loginName()).isEqualTo("dave@other.org");
    FakeNode sharee = t.peers().get(2);
    assertThat(sharee.shareeNode()).isTrue();
    assertThat(sharee.name()).isEmpty();
    assertThat(t.nodeByConnection(new java.net.InetSocketAddress("127.0.0.1", 4000))).contains(db);
  }

  @Test
  void unknownKeysAndUsersAreErrors() {
    assertThatThrownBy(
            () ->
                load(
                    "{\"tailnet\":\"a\",\"magicDNSSuffix\":\"a.ts.net\",\"self\":{\"name\":\"s\","
                        + "\"tags\":[\"tag:s\"]},\"nodez\":[]}"))
        .hasMessageContaining("unknown key \"nodez\"");
    assertThatThrownBy(
            () ->
                load(
                    "{\"tailnet\":\"a\",\"magicDNSSuffix\":\"a.ts.net\",\"self\":{\"name\":\"s\","
                        + "\"user\":\"ghost@x\"}}"))
        .hasMessageContaining("ghost@x");
    assertThatThrownBy(
            () -> load("{\"tailnet\":\"a\",\"magicDNSSuffix\":\".a.ts.net\",\"self\":{}}"))
        .hasMessageContaining("MagicDNS suffix");
  }

  @Test
  void profilePictureUrlsAreEscapedLikeGo() {
    FakeTailnet tailnet = FakeTailnet.example();
    FakeUser bob =
        tailnet.addUser(
            FakeUser.of("bob@github", "Bob <B&B>").withProfilePicUrl("https://x/?a=1&b=2"));
    tailnet.addNode(FakeNode.named("bobs").owner(bob));

    String body = dev.tailgate.testkit.go.GoJson.indent(NodeJson.userProfile(bob));
    JsonNode parsed = Fixtures.json(body);

    assertThat(body)
        .contains("\"Bob \\u003cB\\u0026B\\u003e\"")
        .contains("https://x/?a=1\\u0026b=2");
    assertThat(parsed.get("DisplayName").asText()).isEqualTo("Bob <B&B>");
  }

  private static FakeTailnet load(String json) throws IOException {
    return FakeTailnet.load(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }
}
