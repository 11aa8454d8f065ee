package dev.tailgate.server.http;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.jetty.server.Handler;

/**
 * The handlers {@code SetHandler NAME} can select ({@code md-status}, {@code tailscale-auth}, …),
 * registered by the features that provide them, so the front door knows none of them by name.
 */
public final class NamedHandlers {
  private final Map<String, Handler> handlers;

  public NamedHandlers(Map<String, Handler> handlers) {
    this.handlers = Map.copyOf(handlers);
  }

  public Optional<Handler> get(String name) {
    return Optional.ofNullable(handlers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  public Set<String> names() {
    return handlers.keySet();
  }
}
