package dev.tailgate.server.http;

import java.util.stream.Stream;

/** Walking an exception's causes, where the answer depends on what went wrong underneath. */
public final class Causes {
  private Causes() {}

  /** {@code failure} and its causes, outermost first, stopping at a cause that is its own cause. */
  public static Stream<Throwable> chain(Throwable failure) {
    return Stream.iterate(failure, c -> c != null, c -> c.getCause() == c ? null : c.getCause());
  }

  /** The innermost cause. */
  public static Throwable root(Throwable failure) {
    return chain(failure).reduce((outer, inner) -> inner).orElse(failure);
  }
}
