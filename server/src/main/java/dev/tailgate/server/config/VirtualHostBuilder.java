package dev.tailgate.server.config;

import dev.tailgate.server.config.model.VirtualHostAddress;
import dev.tailgate.server.config.syntax.SourceLocation;

import java.util.List;

/** A {@code <VirtualHost>} being compiled: its addresses and what it declares. */
public record VirtualHostBuilder(List<VirtualHostAddress> addresses, HostBuilder host, SourceLocation at) {
}
