package dev.tailgate.config;

/** How many arguments a directive takes, httpd's TAKE1/TAKE12/ITERATE… as a range. */
public record Arity(int min, int max) {

  public static final int UNBOUNDED = Integer.MAX_VALUE;

  public static Arity none() {
    return new Arity(0, 0);
  }

  public static Arity exactly(int n) {
    return new Arity(n, n);
  }

  public static Arity between(int min, int max) {
    return new Arity(min, max);
  }

  public static Arity atLeast(int min) {
    return new Arity(min, UNBOUNDED);
  }

  public boolean accepts(int count) {
    return count >= min && count <= max;
  }

  /** For messages: "takes exactly 1 argument", "takes 1 to 3 arguments". */
  public String describe() {
    if (max == 0) {
      return "takes no arguments";
    }
    if (min == max) {
      return "takes exactly " + plural(min);
    }
    if (max == UNBOUNDED) {
      return "takes at least " + plural(min);
    }
    return "takes " + min + " to " + max + " arguments";
  }

  private static String plural(int n) {
    return n + (n == 1 ? " argument" : " arguments");
  }
}
