package dev.tailgate.server.auth.compile;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code AuthTailscaleURL}'s value, in the forms httpd's module and mod_md's tailscale CA take: a
 * bare socket path, {@code file:///path} or {@code file://localhost/path}. Anything else is refused
 * with the module's own reasons.
 */
public final class TailscaleSocketUrl {
  private TailscaleSocketUrl() {}

  /** The socket path, or the reason the value is refused. */
  public static Result parse(String value) {
    if (value.startsWith("/")) {
      return new Result(Optional.of(Path.of(value)), null);
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      return refused("\"" + value + "\" is not an url");
    }
    if (uri.getScheme() == null) {
      return refused("\"" + value + "\" is neither an absolute socket path nor a file: url");
    }
    if (!uri.getScheme().equalsIgnoreCase("file")) {
      return refused(uri.getScheme() + " is not a supported scheme");
    }
    String host = uri.getHost() == null ? uri.getAuthority() : uri.getHost();
    if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
      return refused("hosts other than 'localhost' not supported");
    }
    if (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/")) {
      return refused("path to tailscale unix socket missing");
    }
    return new Result(Optional.of(Path.of(uri.getPath())), null);
  }

  private static Result refused(String why) {
    return new Result(Optional.empty(), why);
  }

  /**
   * @param problem why the value was refused; null when {@code socket} is present
   */
  public record Result(Optional<Path> socket, String problem) {}
}
