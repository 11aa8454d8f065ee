package dev.tailgate.localapi;

/**
 * tailgate's version, from the jar manifest when packaged; for User-Agent and {@code --version}.
 */
public final class Version {
  private Version() {}

  public static String current() {
    String v = Version.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
