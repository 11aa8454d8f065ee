package dev.tailgate.cli.doctor;

/**
 * One check's result, as {@code tailgate doctor} prints it.
 *
 * @param check what was checked ("tailscaled socket", "listen 0.0.0.0:443")
 * @param detail what was found
 * @param fix what to do about a problem; empty otherwise
 */
public record Finding(String check, Verdict verdict, String detail, String fix) {

  /** ok, a problem to fix, or not checked because an earlier problem makes it meaningless. */
  public enum Verdict {
    OK,
    PROBLEM,
    SKIPPED
  }

  static Finding ok(String check, String detail) {
    return new Finding(check, Verdict.OK, detail, "");
  }

  static Finding problem(String check, String detail, String fix) {
    return new Finding(check, Verdict.PROBLEM, detail, fix);
  }

  static Finding skipped(String check, String because) {
    return new Finding(check, Verdict.SKIPPED, because, "");
  }

  public boolean isProblem() {
    return verdict == Verdict.PROBLEM;
  }
}
