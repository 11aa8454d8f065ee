package dev.tailgate.testkit;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the tailnet file format documented on {@link FakeTailnet}. Strict about unknown keys and
 * missing users because a silently ignored typo would make a demo or test resolve the wrong
 * identity.
 */
final class TailnetFile {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final Set<String> TOP_KEYS =
      Set.of(
          "tailnet",
          "magicDNSSuffix",
          "httpsEnabled",
          "loggedIn",
          "taggedDevicesUserId",
          "users",
          "self",
          "nodes",
          "connections");
  private static final Set<String> USER_KEYS =
      Set.of("loginName", "displayName", "id", "profilePicURL", "groups");
  private static final Set<String> NODE_KEYS =
      Set.of(
          "name",
          "user",
          "tags",
          "sharedIn",
          "sharee",
          "loopbackAliases",
          "capMap",
          "id",
          "stableId",
          "key",
          "machineKey",
          "discoKey",
          "keyExpiry",
          "addresses",
          "endpoints",
          "homeDERP",
          "os",
          "osVersion",
          "hostname",
          "peerAPIPort",
          "created",
          "capVersion",
          "online");
  private static final Set<String> SHARED_IN_KEYS = Set.of("fqdn", "sharer");

  private TailnetFile() {}

  static FakeTailnet read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return read(in);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  static FakeTailnet read(InputStream in) throws IOException {
    JsonNode root = MAPPER.readTree(in);
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("a tailnet file is a JSON object");
    }
    checkKeys(root, TOP_KEYS, "tailnet file");
    FakeTailnet tailnet =
        FakeTailnet.create(text(root, "tailnet", true), text(root, "magicDNSSuffix", true));
    if (root.has("taggedDevicesUserId")) {
      tailnet.setTaggedDevicesUserId(root.get("taggedDevicesUserId").asLong());
    }
    for (JsonNode user : array(root, "users")) {
      tailnet.addUser(user(user));
    }
    if (!root.has("self")) {
      throw new IllegalArgumentException("tailnet file: \"self\" is required");
    }
    tailnet.setSelf(node(root.get("self"), tailnet));
    for (JsonNode node : array(root, "nodes")) {
      tailnet.addNode(node(node, tailnet));
    }
    if (root.has("connections")) {
      for (Map.Entry<String, JsonNode> e : root.get("connections").properties()) {
        tailnet.mapConnection(e.getKey(), e.getValue().asText());
      }
    }
    tailnet.setHttpsEnabled(root.path("httpsEnabled").asBoolean(true));
    tailnet.setLoggedIn(root.path("loggedIn").asBoolean(true));
    return tailnet;
  }

  private static FakeUser user(JsonNode json) {
    checkKeys(json, USER_KEYS, "user");
    String login = text(json, "loginName", true);
    FakeUser user =
        FakeUser.of(login, text(json, "displayName", true))
            .withProfilePicUrl(text(json, "profilePicURL", false));
    if (json.has("id")) {
      user = user.withId(json.get("id").asLong());
    }
    return user.withGroups(strings(json, "groups"));
  }

  private static FakeNode.Builder node(JsonNode json, FakeTailnet tailnet) {
    checkKeys(json, NODE_KEYS, "node");
    FakeNode.Builder b;
    if (json.has("sharedIn")) {
      JsonNode shared = json.get("sharedIn");
      checkKeys(shared, SHARED_IN_KEYS, "sharedIn");
      b =
          FakeNode.sharedIn(
              text(shared, "fqdn", true),
              userRef(json, tailnet),
              knownUser(text(shared, "sharer", true), tailnet));
    } else if (json.path("sharee").asBoolean(false)) {
      b = FakeNode.sharee(userRef(json, tailnet));
    } else {
      b = FakeNode.named(text(json, "name", true));
      if (json.has("user")) {
        b.owner(userRef(json, tailnet));
      }
    }
    b.tags(strings(json, "tags"));
    b.loopbackAliases(strings(json, "loopbackAliases"));
    if (json.has("capMap")) {
      for (Map.Entry<String, JsonNode> cap : json.get("capMap").properties()) {
        List<String> values = new ArrayList<>();
        cap.getValue().forEach(v -> values.add(v.toString()));
        b.grant(cap.getKey(), values.toArray(String[]::new));
      }
    }
    overrides(json, b);
    return b;
  }

  private static void overrides(JsonNode json, FakeNode.Builder b) {
    if (json.has("id")) {
      b.id(json.get("id").asLong());
    }
    if (json.has("stableId")) {
      b.stableId(text(json, "stableId", true));
    }
    if (json.has("key")) {
      b.key(text(json, "key", true));
    }
    if (json.has("machineKey")) {
      b.machineKey(text(json, "machineKey", true));
    }
    if (json.has("discoKey")) {
      b.discoKey(text(json, "discoKey", true));
    }
    if (json.has("keyExpiry")) {
      b.keyExpiry(
          json.get("keyExpiry").isNull() ? null : Instant.parse(json.get("keyExpiry").asText()));
    }
    if (json.has("addresses")) {
      b.addresses(strings(json, "addresses"));
    }
    if (json.has("endpoints")) {
      b.endpoints(strings(json, "endpoints"));
    }
    if (json.has("homeDERP")) {
      b.homeDerp(json.get("homeDERP").asInt());
    }
    if (json.has("os")) {
      b.os(json.get("os").isNull() ? null : json.get("os").asText());
    }
    if (json.has("osVersion")) {
      b.osVersion(text(json, "osVersion", false));
    }
    if (json.has("hostname")) {
      b.hostname(text(json, "hostname", true));
    }
    if (json.has("peerAPIPort")) {
      b.peerApiPort(json.get("peerAPIPort").asInt());
    }
    if (json.has("created")) {
      b.created(Instant.parse(text(json, "created", true)));
    }
    if (json.has("capVersion")) {
      b.capVersion(json.get("capVersion").asInt());
    }
    if (json.has("online")) {
      b.online(json.get("online").asBoolean());
    }
  }

  private static FakeUser userRef(JsonNode node, FakeTailnet tailnet) {
    return knownUser(text(node, "user", true), tailnet);
  }

  private static FakeUser knownUser(String login, FakeTailnet tailnet) {
    return tailnet
        .user(login)
        .orElseThrow(() -> new IllegalArgumentException("user " + login + " is not in \"users\""));
  }

  private static void checkKeys(JsonNode json, Set<String> allowed, String what) {
    json.fieldNames()
        .forEachRemaining(
            key -> {
              if (!allowed.contains(key)) {
                throw new IllegalArgumentException(
                    "unknown key \""
                        + key
                        + "\" in "
                        + what
                        + "; allowed: "
                        + new java.util.TreeSet<>(allowed));
              }
            });
  }

  private static String text(JsonNode json, String key, boolean required) {
    JsonNode value = json.get(key);
    if (value == null || value.isNull()) {
      if (required) {
        throw new IllegalArgumentException("\"" + key + "\" is required in " + json);
      }
      return null;
    }
    return value.asText();
  }

  private static String[] strings(JsonNode json, String key) {
    List<String> out = new ArrayList<>();
    json.path(key).forEach(v -> out.add(v.asText()));
    return out.toArray(String[]::new);
  }

  private static Iterable<JsonNode> array(JsonNode json, String key) {
    return json.has(key) ? json.get(key) : List.of();
  }
}
