package dev.tailgate.config.syntax;

/**
 * One directive's text after joining {@code \}-continued physical lines; {@code line} is the first.
 */
record LogicalLine(String text, int line) {}
