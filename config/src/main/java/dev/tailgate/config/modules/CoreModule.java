package dev.tailgate.config.modules;

import static dev.tailgate.config.Arity.atLeast;
import static dev.tailgate.config.Arity.between;
import static dev.tailgate.config.Arity.exactly;
import static dev.tailgate.config.DirectiveDefinition.ANY_HOST_OR_LOCATION;
import static dev.tailgate.config.DirectiveDefinition.SERVER_AND_VHOST;
import static dev.tailgate.config.DirectiveDefinition.SERVER_ONLY;
import static dev.tailgate.config.DirectiveDefinition.VHOST_ONLY;
import static dev.tailgate.config.DirectiveDefinition.directive;
import static dev.tailgate.config.DirectiveDefinition.section;

import dev.tailgate.config.ConfigModule;
import dev.tailgate.config.DirBuilder;
import dev.tailgate.config.DirectiveCall;
import dev.tailgate.config.DirectiveDefinition;
import dev.tailgate.config.HostBuilder;
import dev.tailgate.config.VirtualHostBuilder;
import dev.tailgate.config.model.Listener;
import dev.tailgate.config.model.LocationPattern;
import dev.tailgate.config.model.LocationSection;
import dev.tailgate.config.model.UnixListener;
import dev.tailgate.config.model.VirtualHostAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** httpd core: listeners, virtual hosts, names, locations, timeouts, handlers. */
public final class CoreModule implements ConfigModule {

  private static final Pattern HOST_NAME =
      Pattern.compile(
          "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");
  private static final Pattern ALIAS = Pattern.compile("[A-Za-z0-9*?]([A-Za-z0-9*?.-]*)");
  private static final Pattern HANDLER = Pattern.compile("[A-Za-z0-9._-]+");

  @Override
  public String name() {
    return "core";
  }

  @Override
  public List<DirectiveDefinition> directives() {
    return List.of(
        directive(
            "ServerRoot", SERVER_ONLY, exactly(1), "ServerRoot directory-path", this::serverRoot),
        directive(
            "Listen",
            SERVER_ONLY,
            between(1, 2),
            "Listen [IP-address:]port [http|https] | Listen unix:/path",
            this::listen),
        section(
            "VirtualHost",
            SERVER_ONLY,
            atLeast(1),
            "<VirtualHost addr[:port] [addr[:port]] ...> ... </VirtualHost>",
            this::virtualHost),
        directive(
            "ServerName",
            SERVER_AND_VHOST,
            exactly(1),
            "ServerName domain-name[:port]",
            this::serverName),
        directive(
            "ServerAlias",
            VHOST_ONLY,
            atLeast(1),
            "ServerAlias hostname [hostname] ...",
            this::serverAlias),
        directive(
            "DocumentRoot",
            SERVER_AND_VHOST,
            exactly(1),
            "DocumentRoot directory-path",
            this::documentRoot),
        directive(
            "AllowDotFiles",
            SERVER_AND_VHOST,
            atLeast(1),
            "AllowDotFiles /url-path [/url-path] ...",
            this::allowDotFiles),
        section(
            "Location",
            SERVER_AND_VHOST,
            between(1, 2),
            "<Location URL-path> ... </Location>",
            this::location),
        section(
            "LocationMatch",
            SERVER_AND_VHOST,
            exactly(1),
            "<LocationMatch regex> ... </LocationMatch>",
            this::locationMatch),
        directive(
            "Timeout",
            SERVER_AND_VHOST,
            exactly(1),
            "Timeout duration",
            c -> TimeoutValue.parse(c, c.arg(0)).ifPresent(c.scope().host()::timeout)),
        directive(
            "KeepAliveTimeout",
            SERVER_AND_VHOST,
            exactly(1),
            "KeepAliveTimeout duration",
            c -> TimeoutValue.parse(c, c.arg(0)).ifPresent(c.scope().host()::keepAliveTimeout)),
        directive(
            "SetHandler",
            ANY_HOST_OR_LOCATION,
            exactly(1),
            "SetHandler handler-name|none",
            this::setHandler));
  }

  private void serverRoot(DirectiveCall call) {
    ConfigPaths.directory(call, call.arg(0))
        .ifPresent(dir -> call.scope().server().serverRoot(dir));
  }

  private void listen(DirectiveCall call) {
    if (call.arg(0).startsWith("unix:")) {
      unixListen(call);
      return;
    }
    SocketAddressArgument.Parsed parsed;
    try {
      parsed = SocketAddressArgument.parse(call.arg(0), true);
    } catch (SocketAddressArgument.Invalid e) {
      call.problem(e.getMessage(), e.hint);
      return;
    }
    int port = parsed.port().getAsInt();
    Listener.Protocol protocol = port == 443 ? Listener.Protocol.HTTPS : Listener.Protocol.HTTP;
    if (call.args().size() == 2) {
      switch (call.arg(1).toLowerCase(Locale.ROOT)) {
        case "http" -> protocol = Listener.Protocol.HTTP;
        case "https" -> protocol = Listener.Protocol.HTTPS;
        default -> {
          call.problem("unknown protocol \"" + call.arg(1) + "\"", "write http or https");
          return;
        }
      }
    }
    Listener listener = new Listener(parsed.address(), port, protocol, call.at(), false);
    for (Listener existing : call.scope().server().listeners()) {
      if (existing.port() == port
          && (existing.address().isEmpty()
              || parsed.address().isEmpty()
              || existing.address().equals(parsed.address()))) {
        call.problem(
            "port " + port + " is already listened on at " + existing.at(),
            "remove one of the two Listen lines");
        return;
      }
    }
    call.scope().server().listener(listener);
  }

  /** {@code Listen unix:/path [http]}: plain HTTP on a unix socket. */
  private void unixListen(DirectiveCall call) {
    String path = call.arg(0).substring("unix:".length());
    if (!path.startsWith("/")) {
      call.problem(
          "a unix socket listener needs an absolute path",
          "write Listen unix:/run/tailgate/auth.sock");
      return;
    }
    if (call.args().size() == 2 && !call.arg(1).equalsIgnoreCase("http")) {
      call.problem(
          "a unix socket listener speaks plain HTTP, not " + call.arg(1),
          "write Listen unix:" + path);
      return;
    }
    java.nio.file.Path socket = java.nio.file.Path.of(path);
    if (socket.getParent() != null && !java.nio.file.Files.isDirectory(socket.getParent())) {
      call.problem(
          "the directory " + socket.getParent() + " for the socket does not exist",
          "create it or fix the path");
      return;
    }
    for (UnixListener existing : call.scope().server().unixListeners()) {
      if (existing.path().equals(socket)) {
        call.problem(
            "unix:" + path + " is already listened on at " + existing.at(),
            "remove one of the two Listen lines");
        return;
      }
    }
    call.scope().server().unixListener(new UnixListener(socket, call.at()));
  }

  private void virtualHost(DirectiveCall call) {
    List<VirtualHostAddress> addresses = new ArrayList<>();
    for (String arg : call.args()) {
      try {
        SocketAddressArgument.Parsed parsed = SocketAddressArgument.parse(arg, false);
        addresses.add(new VirtualHostAddress(parsed.address(), parsed.port()));
      } catch (SocketAddressArgument.Invalid e) {
        call.problem(e.getMessage(), e.hint);
      }
    }
    HostBuilder host = new HostBuilder();
    call.compileChildren(call.scope().virtualHost(host));
    if (addresses.size() == call.args().size()) {
      call.scope().server().virtualHost(new VirtualHostBuilder(addresses, host, call.at()));
    }
  }

  private void serverName(DirectiveCall call) {
    String name = call.arg(0).replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "");
    name = name.startsWith("[") ? name : name.replaceFirst(":\\d+$", "");
    if (!HOST_NAME.matcher(name).matches() && !name.startsWith("[")) {
      call.problem(
          "\"" + call.arg(0) + "\" is not a host name",
          "write a fully qualified name such as vps.example.ts.net");
      return;
    }
    call.scope().host().serverName(stripDot(name));
  }

  private void serverAlias(DirectiveCall call) {
    List<String> names = new ArrayList<>();
    for (String alias : call.args()) {
      if (!ALIAS.matcher(alias).matches()) {
        call.problem(
            "\"" + alias + "\" is not a host name or wildcard",
            "write names like www.example.org or *.example.org");
        return;
      }
      names.add(stripDot(alias));
    }
    call.scope().host().serverAliases(names);
  }

  private static String stripDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  private void documentRoot(DirectiveCall call) {
    ConfigPaths.directory(call, call.arg(0)).ifPresent(call.scope().host()::documentRoot);
  }

  /** URL paths under which dot-named files are served; {@code .ht*} files never are. */
  private void allowDotFiles(DirectiveCall call) {
    List<String> prefixes = new ArrayList<>();
    for (String path : call.args()) {
      if (!path.startsWith("/")) {
        call.problem("\"" + path + "\" is not a URL path", "write AllowDotFiles /.well-known");
        return;
      }
      prefixes.add(path);
    }
    call.scope().host().allowDotFiles(prefixes);
  }

  private void location(DirectiveCall call) {
    Optional<LocationPattern> pattern;
    if (call.args().size() == 2) {
      if (!call.arg(0).equals("~")) {
        call.usageProblem("takes one URL-path, or ~ and a regex");
        return;
      }
      pattern = regex(call, call.arg(1));
    } else if (!call.arg(0).startsWith("/")) {
      call.problem(
          "URL-path \"" + call.arg(0) + "\" must start with /",
          "write e.g. <Location /" + call.arg(0) + ">");
      return;
    } else {
      pattern = Optional.of(LocationPattern.ofPath(call.arg(0)));
    }
    pattern.ifPresent(p -> addLocation(call, p));
  }

  private void locationMatch(DirectiveCall call) {
    regex(call, call.arg(0)).ifPresent(p -> addLocation(call, p));
  }

  private static Optional<LocationPattern> regex(DirectiveCall call, String regex) {
    try {
      return Optional.of(new LocationPattern.Regex(Pattern.compile(regex)));
    } catch (PatternSyntaxException e) {
      call.problem(
          "bad regular expression \""
              + regex
              + "\": "
              + e.getDescription()
              + " at index "
              + e.getIndex(),
          "fix the regex (Java syntax, close to PCRE)");
      return Optional.empty();
    }
  }

  private static void addLocation(DirectiveCall call, LocationPattern pattern) {
    DirBuilder dir = new DirBuilder();
    String name = call.definition().name();
    call.compileChildren(call.scope().location(name, pattern, dir));
    call.scope().host().location(new LocationSection(name, pattern, dir.build(), call.at()));
  }

  /**
   * The handlers tailgate has; httpd's others (cgi-script, balancer-manager, …) are not among them.
   */
  private static final Set<String> HANDLERS =
      Set.of("md-status", "server-status", "metrics", "tailscale-auth", "none");

  private static final String HANDLER_FIX =
      "write md-status, server-status, metrics, tailscale-auth or none";

  private void setHandler(DirectiveCall call) {
    if (!HANDLER.matcher(call.arg(0)).matches()) {
      call.problem("\"" + call.arg(0) + "\" is not a handler name", HANDLER_FIX);
      return;
    }
    if (!HANDLERS.contains(call.arg(0).toLowerCase(Locale.ROOT))) {
      call.problem("tailgate has no handler \"" + call.arg(0) + "\"", HANDLER_FIX);
      return;
    }
    call.scope().dir().handler(call.arg(0));
  }
}
