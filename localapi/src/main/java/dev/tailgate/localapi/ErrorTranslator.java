package dev.tailgate.localapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns tailscaled's error answers into typed exceptions whose messages tell a person what to do.
 * tailscaled reports most certificate problems as a 500 with plain text, so the texts are matched
 * here, in one place, against the strings real tailscaled writes (see {@code localapi.md} §3).
 */
final class ErrorTranslator {
  private static final Pattern NOT_ALLOWED =
      Pattern.compile("invalid domain \"([^\"]*)\"; must be one of \\[(.*)\\]");
  private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");
  private static final int MAX_QUOTED_TEXT = 300;

  private final ObjectMapper json;

  ErrorTranslator(ObjectMapper json) {
    this.json = json;
  }

  LocalApiException translate(String operation, LocalApiResponse response) {
    String text = errorText(response);
    int status = response.status();
    String said = "tailscaled answered " + status + " to " + operation + ": " + text;
    if (status == 401 || status == 403) {
      if (text.equals("invalid localapi request")) {
        return new LocalApiException(
            said
                + " (tailscaled rejected the request's Host, Origin or Referer header; this is a"
                + " tailgate bug, please report it)",
            status,
            null);
      }
      return new AccessDeniedException(said + ". " + accessHint(operation, status), status);
    }
    if (status == 429) {
      Duration retryAfter = response.retryAfter().flatMap(ErrorTranslator::seconds).orElse(null);
      return new RateLimitedException(
          said
              + ". The certificate authority is rate-limiting this tailnet"
              + (retryAfter == null
                  ? "; wait before retrying"
                  : "; retry after " + retryAfter.toSeconds() + "s"),
          retryAfter);
    }
    if (text.contains("does not support getting TLS certs")) {
      return new HttpsNotEnabledException(
          said
              + ". Turn on MagicDNS and HTTPS Certificates for the tailnet in the Tailscale admin"
              + " console (DNS page), then retry",
          status);
    }
    if (text.contains("no netmap available")) {
      return new NotLoggedInException(
          said
              + ". tailscaled is not logged in or still starting; run `tailscale up` (or check"
              + " `tailscale status`)",
          status);
    }
    Matcher notAllowed = NOT_ALLOWED.matcher(text);
    if (notAllowed.find()) {
      List<String> allowed = new ArrayList<>();
      Matcher quoted = QUOTED.matcher(notAllowed.group(2));
      while (quoted.find()) {
        allowed.add(quoted.group(1));
      }
      return new DomainNotAllowedException(
          said
              + ". tailscaled only issues certificates for this node's exact names: "
              + (allowed.isEmpty() ? "(none)" : String.join(", ", allowed)),
          status,
          notAllowed.group(1),
          allowed);
    }
    if (status == 503 && text.equals("no backend")) {
      return new DaemonUnavailableException(said + ". tailscaled is still starting", null);
    }
    return new LocalApiException(said, status, null);
  }

  private static String accessHint(String operation, int status) {
    if (status == 401) {
      return "tailscaled did not accept this client's credentials (on macOS: the LocalAPI token; on"
          + " Windows: another user is using Tailscale)";
    }
    if (operation.startsWith("cert")) {
      return "This process may not fetch certificates. Either run it as root, make its user the"
          + " Tailscale operator (`sudo tailscale set --operator=USER`), or allow its user in"
          + " tailscaled's environment with TS_PERMIT_CERT_UID=USER (for example in"
          + " /etc/default/tailscaled) and restart tailscaled";
    }
    return "This process may not read tailscaled's state; check the permissions of tailscaled's"
        + " socket (normally 0666)";
  }

  /** The message from {@code http.Error} text or from a {@code {"error": …}} body, shortened. */
  private String errorText(LocalApiResponse response) {
    String text = response.text().trim();
    if (response.isJson() || text.startsWith("{")) {
      try {
        JsonNode node = json.readTree(text);
        JsonNode error = node.has("error") ? node.get("error") : node.get("Error");
        if (error != null && error.isTextual()) {
          text = error.asText();
        }
      } catch (IOException ignored) {
        // not JSON after all: keep the text
      }
    }
    text = text.replaceAll("\\p{Cntrl}", " ");
    return text.length() > MAX_QUOTED_TEXT ? text.substring(0, MAX_QUOTED_TEXT) + "…" : text;
  }

  private static Optional<Duration> seconds(String value) {
    try {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
