package dev.tailgate.config.model;

import java.util.List;

/**
 * A feature's value that {@code tailgate check} can show: lines in the configuration's own words,
 * each with where it was written. The summary prints every described value of a scope without
 * knowing the feature.
 */
public interface Described {
  List<String> describe();
}
