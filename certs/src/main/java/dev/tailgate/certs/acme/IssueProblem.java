package dev.tailgate.certs.acme;

/**
 * Something the CA needs that the configuration does not give, found before an order: the message
 * says what is missing and {@link #fix()} what to write.
 */
final class IssueProblem extends RuntimeException {
  private final String fix;

  IssueProblem(String problem, String fix) {
    super(problem + "; " + fix);
    this.fix = fix;
  }

  String fix() {
    return fix;
  }
}
