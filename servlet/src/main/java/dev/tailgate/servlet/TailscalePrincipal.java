package dev.tailgate.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tailgate.auth.identity.Identity;
import java.io.IOException;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is calling, as the servlet API's {@link Principal}: the tailnet user (their login is the
 * name) and the device they call from. A tagged device (a server, a CI runner) has no user: its
 * name is then the node's, and its tags say what it is.
 *
 * @param login the owner's login, e.g. {@code alice@github}; empty for a tagged device
 * @param nodeName the device's MagicDNS name, with tailscaled's trailing dot
 * @param tags the device's tags, e.g. {@code tag:ci}; empty for a user's device
 * @param capabilities each capability grant's values, as JSON
 */
public record TailscalePrincipal(
    String login,
    String displayName,
    String profilePicUrl,
    String nodeName,
    String tailnet,
    List<String> tags,
    Map<String, List<JsonNode>> capabilities)
    implements Principal {
  /** The request attribute that holds it, for code that does not use {@code getUserPrincipal}. */
  public static final String ATTRIBUTE = TailscalePrincipal.class.getName();

  private static final ObjectMapper JSON = new ObjectMapper();

  public TailscalePrincipal {
    tags = List.copyOf(tags);
    capabilities = Map.copyOf(capabilities);
  }

  static TailscalePrincipal of(Identity identity) {
    Map<String, List<JsonNode>> caps = new LinkedHashMap<>();
    identity
        .capabilities()
        .grants()
        .forEach(
            (name, values) ->
                caps.put(name, values.stream().map(TailscalePrincipal::parse).toList()));
    return new TailscalePrincipal(
        identity.tagged() ? "" : identity.loginName(),
        identity.tagged() ? "" : identity.displayName(),
        identity.tagged() ? "" : identity.profilePicUrl(),
        identity.nodeName(),
        identity.tailnet(),
        identity.tags(),
        caps);
  }

  private static JsonNode parse(String raw) {
    try {
      return JSON.readTree(raw);
    } catch (IOException e) {
      ArrayNode unparsed = JsonNodeFactory.instance.arrayNode();
      return unparsed.add(raw);
    }
  }

  /** The login for a user's device, the node name for a tagged device. */
  @Override
  public String getName() {
    return login.isEmpty() ? nodeName : login;
  }

  public boolean tagged() {
    return !tags.isEmpty();
  }

  /** Whether the device carries {@code tag}, or holds the capability grant {@code capability}. */
  public boolean has(String tagOrCapability) {
    return tags.contains(tagOrCapability) || capabilities.containsKey(tagOrCapability);
  }
}
