package dev.tailgate.config.model;

import dev.tailgate.config.syntax.SourceLocation;
import java.util.Optional;

/**
 * A {@code CustomLog}, its format already resolved from a nickname when one was used.
 *
 * @param nickname the nickname as written, empty when the format was given inline
 * @param at empty for the built-in default access log
 */
public record AccessLog(
    LogTarget target, String format, Optional<String> nickname, Optional<SourceLocation> at) {}
