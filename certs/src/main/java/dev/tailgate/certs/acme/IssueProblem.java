package dev.tailgate.certs.acme;

/**
 * Something the CA needs that the configuration does not give, found before an order: the message
 * says what is missing, then what to write.
 */
final class IssueProblem extends RuntimeException {
  IssueProblem(String problem, String fix) {
    super(problem + "; " + fix);
  }
}
