package dev.tailgate.auth.policy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The OR evaluation shared by {@code <RequireAny>} and {@code <RequireNone>}, and their rendering.
 */
final class Containers {
  private Containers() {}

  static AuthzResult any(List<Require> rules, AuthzRequest request) {
    AuthzResult decision = AuthzResult.NEUTRAL;
    for (Require rule : rules) {
      AuthzResult result = rule.evaluate(request);
      if (result == AuthzResult.GRANTED) {
        return AuthzResult.GRANTED;
      }
      if (result == AuthzResult.DENIED_NO_USER
          || (result == AuthzResult.DENIED && decision == AuthzResult.NEUTRAL)) {
        decision = result;
      }
    }
    return decision;
  }

  static String describe(String name, List<Require> rules) {
    return "<"
        + name
        + "> "
        + rules.stream().map(Require::describe).collect(Collectors.joining("; "))
        + " </"
        + name
        + ">";
  }
}
