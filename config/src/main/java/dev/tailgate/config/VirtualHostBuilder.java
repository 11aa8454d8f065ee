package dev.tailgate.config;

import dev.tailgate.config.model.VirtualHostAddress;
import dev.tailgate.config.syntax.SourceLocation;
import java.util.List;

/** A {@code <VirtualHost>} being compiled: its addresses and what it declares. */
public record VirtualHostBuilder(
    List<VirtualHostAddress> addresses, HostBuilder host, SourceLocation at) {}
