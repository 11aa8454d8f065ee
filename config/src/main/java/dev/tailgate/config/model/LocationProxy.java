package dev.tailgate.config.model;

import dev.tailgate.config.syntax.SourceLocation;
import java.net.URI;
import java.util.Optional;

/** The one-argument {@code ProxyPass url} (or {@code !}) inside a location section. */
public record LocationProxy(Optional<URI> target, SourceLocation at) {}
