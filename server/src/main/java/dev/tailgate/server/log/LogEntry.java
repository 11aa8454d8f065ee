package dev.tailgate.server.log;

import java.time.Instant;
import java.util.function.Function;

/**
 * The facts about one finished request that a log format can print, captured once so that the
 * format items stay pure functions of data (and testable without a server).
 *
 * @param user the authenticated user ({@code %u}), or null when none
 * @param serverName the virtual host's ServerName ({@code %v})
 */
public record LogEntry(
    String clientIp,
    String peerIp,
    String localIp,
    int localPort,
    int remotePort,
    int canonicalPort,
    String user,
    Instant start,
    long durationMicros,
    String method,
    String path,
    String query,
    String protocol,
    int status,
    long bytesSent,
    String serverName,
    String hostHeader,
    Function<String, String> requestHeader,
    Function<String, String> responseHeader) {}
