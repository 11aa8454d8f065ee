package dev.tailgate.localapi;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** One answer from tailscaled, read whole (bodies are size-limited before they get here). */
record LocalApiResponse(int status, String contentType, byte[] body, Optional<String> retryAfter) {

  String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  boolean isJson() {
    String type = contentType == null ? "" : contentType.toLowerCase(java.util.Locale.ROOT);
    int semicolon = type.indexOf(';');
    String bare = (semicolon >= 0 ? type.substring(0, semicolon) : type).trim();
    return bare.endsWith("/json") || bare.endsWith("+json");
  }
}
