package dev.tailgate.config.modules;

import static dev.tailgate.config.Arity.atLeast;
import static dev.tailgate.config.Arity.between;
import static dev.tailgate.config.Arity.exactly;
import static dev.tailgate.config.DirectiveDefinition.ANY_HOST_OR_LOCATION;
import static dev.tailgate.config.DirectiveDefinition.SERVER_AND_VHOST;
import static dev.tailgate.config.DirectiveDefinition.directive;

import dev.tailgate.config.ConfigModule;
import dev.tailgate.config.Context;
import dev.tailgate.config.DirectiveCall;
import dev.tailgate.config.DirectiveDefinition;
import dev.tailgate.config.model.LocationPattern;
import dev.tailgate.config.model.LocationProxy;
import dev.tailgate.config.model.ProxyReverseRule;
import dev.tailgate.config.model.ProxyRule;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * mod_proxy's reverse-proxy directives, with its two forms: {@code ProxyPass path url} in a host,
 * and {@code ProxyPass url} inside a location section, where the path is the section's.
 */
public final class ProxyModule implements ConfigModule {

  @Override
  public String name() {
    return "proxy";
  }

  @Override
  public List<DirectiveDefinition> directives() {
    return List.of(
        directive(
            "ProxyPass",
            ANY_HOST_OR_LOCATION,
            atLeast(1),
            "ProxyPass /path http://backend/path (in a host) or ProxyPass http://backend/path (in a location); ! excludes",
            this::proxyPass),
        directive(
            "ProxyPassReverse",
            ANY_HOST_OR_LOCATION,
            between(1, 2),
            "ProxyPassReverse /path http://backend/path (in a host) or ProxyPassReverse http://backend/path (in a location)",
            this::proxyPassReverse),
        directive(
            "ProxyPreserveHost",
            ANY_HOST_OR_LOCATION,
            exactly(1),
            "ProxyPreserveHost on|off",
            c -> OnOff.parse(c, c.arg(0)).ifPresent(c.scope().dir()::preserveHost)),
        directive(
            "ProxyTimeout",
            SERVER_AND_VHOST,
            exactly(1),
            "ProxyTimeout duration",
            c -> TimeoutValue.parse(c, c.arg(0)).ifPresent(c.scope().host()::proxyTimeout)),
        directive(
            "UnderscoresInHeaders",
            SERVER_AND_VHOST,
            exactly(1),
            "UnderscoresInHeaders on|off",
            c -> OnOff.parse(c, c.arg(0)).ifPresent(c.scope().host()::underscoresInHeaders)));
  }

  private void proxyPass(DirectiveCall call) {
    if (call.context() == Context.LOCATION) {
      if (call.args().size() > 1) {
        rejectPathInLocation(call);
        return;
      }
      if (call.arg(0).equals("!")) {
        call.scope().dir().proxyPass(new LocationProxy(Optional.empty(), call.at()));
      } else {
        BackendUrl.parse(call, call.arg(0))
            .ifPresent(
                uri ->
                    call.scope().dir().proxyPass(new LocationProxy(Optional.of(uri), call.at())));
      }
      return;
    }
    if (call.args().size() < 2) {
      call.problem(
          "outside a location section ProxyPass needs a path and a URL",
          "write ProxyPass "
              + example(call.arg(0))
              + " "
              + call.arg(0)
              + ", or put ProxyPass "
              + call.arg(0)
              + " inside <Location /path>");
      return;
    }
    if (call.args().size() > 2) {
      rejectParameters(call, call.args().subList(2, call.args().size()));
      return;
    }
    String path = call.arg(0);
    if (!path.startsWith("/")) {
      call.problem(
          "path \"" + path + "\" must start with /", "syntax: ProxyPass /path http://backend/path");
      return;
    }
    if (call.arg(1).equals("!")) {
      call.scope().host().proxyRule(new ProxyRule(path, Optional.empty(), call.at()));
    } else {
      BackendUrl.parse(call, call.arg(1))
          .ifPresent(
              uri ->
                  call.scope().host().proxyRule(new ProxyRule(path, Optional.of(uri), call.at())));
    }
  }

  private static String example(String url) {
    return url.equals("!") ? "/path" : "/";
  }

  /** httpd: "ProxyPass|ProxyPassMatch can not have a path when defined in a location". */
  private static void rejectPathInLocation(DirectiveCall call) {
    if (call.arg(1).contains("=")) {
      rejectParameters(call, call.args().subList(1, call.args().size()));
      return;
    }
    String path = call.scope().location().map(LocationPattern::source).orElse("");
    call.problem(
        "inside "
            + call.scope().where()
            + " "
            + call.node().name()
            + " takes no path argument; the path is the section's ("
            + path
            + ")",
        "write " + call.node().name() + " " + call.arg(1));
  }

  private static void rejectParameters(DirectiveCall call, List<String> parameters) {
    call.problem(
        "parameters such as " + parameters.get(0) + " are not supported yet",
        "remove " + String.join(" ", parameters) + "; ProxyTimeout sets the backend timeout");
  }

  private void proxyPassReverse(DirectiveCall call) {
    if (call.context() == Context.LOCATION) {
      if (call.args().size() > 1) {
        rejectPathInLocation(call);
        return;
      }
      if (!(call.scope().location().orElse(null) instanceof LocationPattern.Prefix)) {
        call.problem(
            "inside " + call.scope().where() + " ProxyPassReverse has no literal path to map to",
            "use it inside <Location /path>, or write ProxyPassReverse /path URL in the host");
        return;
      }
      BackendUrl.parse(call, call.arg(0)).ifPresent(call.scope().dir()::proxyPassReverse);
      return;
    }
    if (call.args().size() != 2) {
      call.usageProblem("outside a location section ProxyPassReverse needs a path and a URL");
      return;
    }
    String path = call.arg(0);
    if (!path.startsWith("/")) {
      call.problem(
          "path \"" + path + "\" must start with /",
          "syntax: ProxyPassReverse /path http://backend/path");
      return;
    }
    Optional<URI> backend = BackendUrl.parse(call, call.arg(1));
    backend.ifPresent(
        uri -> call.scope().host().proxyReverseRule(new ProxyReverseRule(path, uri, call.at())));
  }
}
