package dev.tailgate.config.modules;

import static dev.tailgate.config.Arity.between;
import static dev.tailgate.config.DirectiveDefinition.ANY_HOST_OR_LOCATION;
import static dev.tailgate.config.DirectiveDefinition.directive;

import dev.tailgate.config.ConfigModule;
import dev.tailgate.config.Context;
import dev.tailgate.config.DirectiveCall;
import dev.tailgate.config.DirectiveDefinition;
import dev.tailgate.config.model.LocationPattern;
import dev.tailgate.config.model.RedirectRule;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** mod_alias's {@code Redirect}. */
public final class AliasModule implements ConfigModule {

  private static final Map<String, Integer> KEYWORDS =
      Map.of("permanent", 301, "temp", 302, "seeother", 303, "gone", 410);

  @Override
  public String name() {
    return "alias";
  }

  @Override
  public List<DirectiveDefinition> directives() {
    return List.of(
        directive(
            "Redirect",
            ANY_HOST_OR_LOCATION,
            between(1, 3),
            "Redirect [permanent|temp|seeother|gone|3xx|4xx] URL-path URL",
            this::redirect));
  }

  private void redirect(DirectiveCall call) {
    List<String> args = call.args();
    int status = 302;
    int next = 0;
    String first = args.get(0).toLowerCase(Locale.ROOT);
    if (KEYWORDS.containsKey(first)) {
      status = KEYWORDS.get(first);
      next = 1;
    } else if (first.matches("\\d+")) {
      status = Integer.parseInt(first);
      next = 1;
      if (status < 300 || status > 599) {
        call.problem(
            "status " + status + " is not a redirect or error status",
            "write a status from 300 to 599");
        return;
      }
    }
    List<String> rest = args.subList(next, args.size());
    boolean needsUrl = status >= 300 && status <= 399;
    boolean inLocation = call.context() == Context.LOCATION;
    String path;
    Optional<String> target;
    boolean appendPath = true;
    if (needsUrl && rest.size() == 2) {
      path = rest.get(0);
      target = Optional.of(rest.get(1));
    } else if (needsUrl && rest.size() == 1 && inLocation) {
      path = locationPrefix(call);
      target = Optional.of(rest.get(0));
      appendPath = false;
    } else if (!needsUrl && rest.size() == 1) {
      path = rest.get(0);
      target = Optional.empty();
    } else if (!needsUrl && rest.isEmpty() && inLocation) {
      path = locationPrefix(call);
      target = Optional.empty();
    } else {
      call.usageProblem(
          needsUrl
              ? "status "
                  + status
                  + " needs a URL-path and a URL"
                  + (inLocation ? " (or only the URL inside a location section)" : "")
              : "status " + status + " takes a URL-path but no URL");
      return;
    }
    if (appendPath && !path.startsWith("/")) {
      call.problem(
          "URL-path \"" + path + "\" must start with /",
          "write e.g. Redirect /old https://example.org/new");
      return;
    }
    if (target.isPresent() && !validTarget(target.get())) {
      call.problem(
          "\"" + target.get() + "\" is not an absolute URL or a path starting with /",
          "write e.g. https://example.org/new");
      return;
    }
    call.scope().dir().redirect(new RedirectRule(status, path, target, appendPath, call.at()));
  }

  private static String locationPrefix(DirectiveCall call) {
    return call.scope()
        .location()
        .filter(p -> p instanceof LocationPattern.Prefix)
        .map(LocationPattern::source)
        .orElse("");
  }

  private static boolean validTarget(String target) {
    if (target.startsWith("/")) {
      return true;
    }
    try {
      URI uri = new URI(target);
      return uri.getScheme() != null && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }
}
