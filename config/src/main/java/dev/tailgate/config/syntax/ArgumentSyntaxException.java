package dev.tailgate.config.syntax;

/** A line could not be split into arguments; turned into a {@link ConfigProblem} by the parser. */
final class ArgumentSyntaxException extends Exception {

  private final String hint;

  ArgumentSyntaxException(String message, String hint) {
    super(message);
    this.hint = hint;
  }

  String hint() {
    return hint;
  }
}
