package dev.tailgate.localapi.transport;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What endpoint discovery needs to know about the machine. An interface so discovery's order of
 * preference can be tested for every platform on any platform.
 */
public interface Platform {

  /** The value of {@code os.name}, lower-cased. */
  String osName();

  Optional<String> env(String name);

  boolean exists(Path path);

  /**
   * The target text of a symbolic link ({@code /Library/Tailscale/ipnport} stores a port that way).
   */
  Optional<String> readSymbolicLink(Path path);

  Optional<String> readFile(Path path);

  /**
   * The file names the App Store build of tailscale keeps open ({@code sameuserproof-PORT-TOKEN}),
   * as {@code lsof -F} reports them for this user's {@code IPNExtension} process; empty where lsof
   * finds none.
   */
  Optional<String> sameUserProofFromLsof();

  static Platform system() {
    return new SystemPlatform();
  }
}
