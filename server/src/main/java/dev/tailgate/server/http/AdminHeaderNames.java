package dev.tailgate.server.http;

import dev.tailgate.config.model.HeaderAction;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The request headers an administrator's {@code RequestHeader} lines write, and which client
 * headers would shadow them at a backend that folds names ({@link HeaderNames}). A name the admin
 * sets or unsets is the admin's in every spelling: the client's copies all go. A name the admin
 * adds to or appends to keeps the client's value under that exact name (that is the point of
 * appending), but other spellings ({@code X_Trace}, where the admin wrote {@code X-Trace}) go.
 */
record AdminHeaderNames(Set<String> owned, Set<String> extendedFolded, Set<String> extendedExact) {
  static final AdminHeaderNames NONE = new AdminHeaderNames(Set.of(), Set.of(), Set.of());

  static AdminHeaderNames of(List<HeaderAction> actions) {
    if (actions.isEmpty()) {
      return NONE;
    }
    Set<String> owned = new HashSet<>();
    Set<String> extendedFolded = new HashSet<>();
    Set<String> extendedExact = new HashSet<>();
    for (HeaderAction action : actions) {
      switch (action.op()) {
        case SET, UNSET -> owned.add(HeaderNames.fold(action.name()));
        case ADD, APPEND -> {
          extendedFolded.add(HeaderNames.fold(action.name()));
          extendedExact.add(action.name().toLowerCase(Locale.ROOT));
        }
      }
    }
    return new AdminHeaderNames(
        Set.copyOf(owned), Set.copyOf(extendedFolded), Set.copyOf(extendedExact));
  }

  /** Whether a client header with this lower-case and folded name must not reach the backend. */
  boolean shadows(String lowerCaseName, String folded) {
    return owned.contains(folded)
        || (extendedFolded.contains(folded) && !extendedExact.contains(lowerCaseName));
  }
}
