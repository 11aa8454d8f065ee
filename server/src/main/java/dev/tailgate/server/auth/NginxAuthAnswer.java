package dev.tailgate.server.auth;

import dev.tailgate.auth.identity.Identity;
import dev.tailgate.auth.identity.IdentityLookup;
import dev.tailgate.auth.policy.TaggedDevices;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * tailscale's {@code cmd/nginx-auth} decision table, as a value: the status and, on 204, the
 * headers nginx copies with {@code auth_request_set}. Two deliberate differences: an outage is 503,
 * not 401 (nginx shows it as 500, not as a login failure), and {@code Expected-Tailnet} matches
 * with or without the trailing dot, where nginx-auth's own README example could never match.
 *
 * @param reason for the log
 */
record NginxAuthAnswer(int status, Map<String, String> headers, String reason) {

  static NginxAuthAnswer decide(
      IdentityLookup lookup, Optional<String> expectedTailnet, TaggedDevices tagged) {
    if (lookup instanceof IdentityLookup.Failed failed) {
      return new NginxAuthAnswer(
          503, Map.of(), "tailscaled is unreachable: " + failed.cause().getMessage());
    }
    if (!(lookup instanceof IdentityLookup.Found found)) {
      return new NginxAuthAnswer(401, Map.of(), "not a tailnet peer");
    }
    Identity who = found.identity();
    if (who.loginName().isEmpty()) {
      // nginx passes any 2xx; a 204 with an empty Tailscale-User would let in someone the proxy
      // path refuses
      return new NginxAuthAnswer(
          401,
          Map.of(),
          "the peer "
              + who.nodeName()
              + " has no usable login (missing, or longer than "
              + Identity.MAX_NAME_LENGTH
              + " characters)");
    }
    if (who.tagged() && tagged == TaggedDevices.DEVICES) {
      return new NginxAuthAnswer(
          403, Map.of(), "tagged device " + who.nodeName() + " is not a user");
    }
    String tailnet = withoutDot(who.tailnet());
    if (!who.sharee() && tailnet.isEmpty()) {
      return new NginxAuthAnswer(
          401, Map.of(), "can't extract tailnet name from " + who.nodeName());
    }
    if (expectedTailnet.isPresent()
        && !withoutDot(expectedTailnet.get()).equalsIgnoreCase(tailnet)) {
      return new NginxAuthAnswer(
          403,
          Map.of(),
          "tailnet "
              + (tailnet.isEmpty() ? "(hidden, sharee)" : tailnet)
              + " is not the expected "
              + expectedTailnet.get());
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Tailscale-User", who.loginName());
    headers.put("Tailscale-Login", who.loginLocalPart());
    headers.put("Tailscale-Name", who.displayName());
    headers.put("Tailscale-Profile-Picture", who.profilePicUrl());
    headers.put("Tailscale-Tailnet", tailnet);
    return new NginxAuthAnswer(204, headers, "user " + who.loginName());
  }

  private static String withoutDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }
}
