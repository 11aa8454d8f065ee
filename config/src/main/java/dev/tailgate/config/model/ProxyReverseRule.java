package dev.tailgate.config.model;

import dev.tailgate.config.syntax.SourceLocation;
import java.net.URI;

/**
 * {@code ProxyPassReverse}: a backend {@code Location}/{@code Content-Location}/{@code URI} header
 * starting with {@code backend} is rewritten to start with {@code path} on this host.
 */
public record ProxyReverseRule(String path, URI backend, SourceLocation at) {}
