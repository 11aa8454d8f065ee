package dev.tailgate.config;

import dev.tailgate.config.model.LogTarget;
import dev.tailgate.config.syntax.SourceLocation;

/**
 * A {@code CustomLog} whose format may be a nickname; httpd resolves nicknames after reading the
 * whole config, so a {@code LogFormat} may come later.
 */
public record PendingAccessLog(
    LogTarget target, String formatOrNickname, boolean nickname, SourceLocation at) {}
