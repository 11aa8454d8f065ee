package dev.tailgate.config.model;

import dev.tailgate.config.syntax.SourceLocation;
import java.nio.file.Path;

/**
 * {@code Listen unix:/path}: plain HTTP on a unix socket, for local consumers such as nginx's
 * {@code auth_request} asking the {@code tailscale-auth} endpoint. No TLS and no tailnet peers come
 * this way, so requests go to the main server (or a {@code <VirtualHost *>}).
 */
public record UnixListener(Path path, SourceLocation at) {
  @Override
  public String toString() {
    return "unix:" + path;
  }
}
