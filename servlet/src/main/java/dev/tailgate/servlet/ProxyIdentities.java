package dev.tailgate.servlet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tailgate.auth.headers.HeaderValueDecoder;
import dev.tailgate.auth.identity.Identity;
import dev.tailgate.auth.identity.IdentityLookup;
import dev.tailgate.auth.policy.providers.IpRange;
import dev.tailgate.localapi.model.CapMap;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * {@link Mode#TRUSTED_PROXY}: the identity headers of tailgate and {@code tailscale serve} ({@code
 * Tailscale-User-Login}, {@code -Name} and {@code -Profile-Pic}, RFC 2047 decoded; tailgate's
 * {@code Tailscale-Node-Name}, {@code -Node-Tags} and {@code -App-Capabilities}), believed only
 * when the connection's peer is a trusted proxy. From anyone else the request has no identity,
 * whatever it carries.
 */
final class ProxyIdentities implements IdentitySource {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<IpRange> trusted;
  private final ProxyKind kind;

  ProxyIdentities(FilterSettings settings) {
    this.trusted = settings.trustedProxies();
    this.kind = settings.proxy();
  }

  @Override
  public Set<String> vouched() {
    return kind.vouched();
  }

  @Override
  public boolean trusts(Optional<InetAddress> peer) {
    return peer.isPresent() && trusted.stream().anyMatch(range -> range.contains(peer.get()));
  }

  @Override
  public CompletableFuture<IdentityLookup> identify(
      HttpServletRequest request, Optional<InetAddress> peer, boolean fromTrustedProxy) {
    if (!fromTrustedProxy || request.getHeader("Tailscale-Funnel-Request") != null) {
      return CompletableFuture.completedFuture(IdentityLookup.NOT_A_PEER);
    }
    String login = header(request, "Tailscale-User-Login");
    String node = header(request, "Tailscale-Node-Name");
    if (login.isEmpty() && node.isEmpty()) {
      return CompletableFuture.completedFuture(IdentityLookup.NOT_A_PEER);
    }
    String tags = header(request, "Tailscale-Node-Tags");
    Identity identity =
        new Identity(
            login,
            header(request, "Tailscale-User-Name"),
            header(request, "Tailscale-User-Profile-Pic"),
            0,
            0,
            node,
            "",
            tailnet(node),
            tags.isEmpty() ? List.of() : Arrays.stream(tags.split(",")).map(String::trim).toList(),
            false,
            capabilities(header(request, "Tailscale-App-Capabilities")));
    return CompletableFuture.completedFuture(new IdentityLookup.Found(identity));
  }

  /** A header the proxy vouches for, decoded; empty for one it does not. */
  private String header(HttpServletRequest request, String name) {
    if (!kind.vouched().contains(name.toLowerCase(Locale.ROOT))) {
      return "";
    }
    String value = request.getHeader(name);
    return value == null ? "" : HeaderValueDecoder.decode(value.trim());
  }

  /** The node's tailnet as nginx-auth derives it: the MagicDNS name after its first label. */
  private static String tailnet(String nodeName) {
    int dot = nodeName.indexOf('.');
    return dot < 0 ? "" : nodeName.substring(dot + 1);
  }

  /** {@code {"cap":[values…]}} back into grants; anything else is no grant at all. */
  private static CapMap capabilities(String json) {
    if (json.isEmpty()) {
      return CapMap.EMPTY;
    }
    try {
      JsonNode root = JSON.readTree(json);
      Map<String, List<String>> grants = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> grant = it.next();
        List<String> values = new ArrayList<>();
        grant.getValue().forEach(v -> values.add(v.toString()));
        grants.put(grant.getKey(), values);
      }
      return new CapMap(grants);
    } catch (IOException e) {
      return CapMap.EMPTY;
    }
  }

  @Override
  public void close() {}
}
