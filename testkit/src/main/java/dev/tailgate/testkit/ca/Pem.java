package dev.tailgate.testkit.ca;

import java.util.Base64;

/**
 * Go's {@code encoding/pem} layout (64-character lines, LF only, every block ending in {@code
 * -----\n}), which tailscaled's cert bodies have and which clients that split a pair at {@code
 * --\n--} rely on.
 */
public final class Pem {
  private static final Base64.Encoder LINES = Base64.getMimeEncoder(64, new byte[] {'\n'});

  private Pem() {}

  public static String encode(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + LINES.encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
