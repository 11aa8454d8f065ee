package dev.tailgate.spring;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tailgate.servlet.TailscalePrincipal;
import java.util.List;
import java.util.Map;

/**
 * The caller, for controllers ({@code whoami(TailscaleUser user)}) and for Spring Security
 * ({@code @AuthenticationPrincipal TailscaleUser user}).
 *
 * @param login the owner's login; empty for a tagged device
 * @param tags the device's tags; empty for a user's device
 * @param capabilities each capability grant's values, as JSON
 */
public record TailscaleUser(
    String login,
    String displayName,
    String profilePicUrl,
    String nodeName,
    String tailnet,
    List<String> tags,
    Map<String, List<JsonNode>> capabilities) {

  public TailscaleUser {
    tags = List.copyOf(tags);
    capabilities = Map.copyOf(capabilities);
  }

  public static TailscaleUser of(TailscalePrincipal principal) {
    return new TailscaleUser(
        principal.login(),
        principal.displayName(),
        principal.profilePicUrl(),
        principal.nodeName(),
        principal.tailnet(),
        principal.tags(),
        principal.capabilities());
  }

  /**
   * The login, or the node name for a tagged device. (Not a {@code java.security.Principal}: Spring
   * MVC would then resolve a {@code TailscaleUser} parameter from {@code getUserPrincipal()}, which
   * under Spring Security is the {@code Authentication}.)
   */
  public String getName() {
    return login.isEmpty() ? nodeName : login;
  }

  public boolean tagged() {
    return !tags.isEmpty();
  }
}
