package dev.tailgate.config.modules;

import dev.tailgate.config.DirectiveCall;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** A proxy target: an absolute http or https URL with a host and no query. */
final class BackendUrl {

  private static final Set<String> SCHEMES = Set.of("http", "https");
  private static final String EXAMPLE = "write an absolute URL such as http://127.0.0.1:8080/";

  private BackendUrl() {}

  static Optional<URI> parse(DirectiveCall call, String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      call.problem("bad URL \"" + text + "\": " + e.getReason(), EXAMPLE);
      return Optional.empty();
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      call.problem("bad URL \"" + text + "\": needs a scheme and a host", EXAMPLE);
      return Optional.empty();
    }
    if (!SCHEMES.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
      call.problem(
          "URL scheme \"" + uri.getScheme() + "\" is not supported",
          "tailgate proxies to http:// and https:// backends");
      return Optional.empty();
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      call.problem("bad URL \"" + text + "\": a proxy target takes no query or fragment", EXAMPLE);
      return Optional.empty();
    }
    return Optional.of(uri);
  }
}
