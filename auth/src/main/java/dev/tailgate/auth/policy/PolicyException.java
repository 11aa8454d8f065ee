package dev.tailgate.auth.policy;

/**
 * A rule that cannot be compiled: the configuration compiler turns it into a problem at the
 * directive's file and line.
 *
 * @see #hint() what to write instead; null when there is nothing useful to suggest
 */
public final class PolicyException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String hint;

  public PolicyException(String message, String hint) {
    super(message);
    this.hint = hint;
  }

  public String hint() {
    return hint;
  }
}
