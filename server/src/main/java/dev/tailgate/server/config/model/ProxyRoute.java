package dev.tailgate.server.config.model;

import dev.tailgate.server.config.syntax.SourceLocation;

/**
 * Where one request is proxied to.
 *
 * @param backendUrl the configured target with the request path mapped onto it; the path part is
 *                   the path as given to {@link HostConfig#locationFor}, so the runtime must pass
 *                   the path it wants forwarded (raw, percent-encoded) and add the query itself
 * @param at         the ProxyPass line that decided it
 */
public record ProxyRoute(String backendUrl, SourceLocation at) {
}
