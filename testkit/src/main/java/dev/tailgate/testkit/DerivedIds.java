package dev.tailgate.testkit;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Stable pseudo-random identifiers derived from a name, so a tailnet described only by names gets
 * the same IDs, keys and addresses on every run (tests can hard-code them) while still looking like
 * real ones: user IDs above 2^53 catch clients that parse IDs as doubles.
 */
final class DerivedIds {
  private static final String STABLE_ID_ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private DerivedIds() {}

  /** In [2^53, 2^62): larger than a double can hold exactly, like many real user IDs. */
  static long userId(String seed) {
    return (1L << 53) + Math.floorMod(longOf("user:" + seed), (1L << 62) - (1L << 53));
  }

  /** In [2^51, 2^53): the magnitude real node IDs have. */
  static long nodeId(String seed) {
    return (1L << 51) + Math.floorMod(longOf("node:" + seed), (1L << 53) - (1L << 51));
  }

  /** Like {@code nX7kQ2fJ9R11CNTRL}: 12 characters then {@code CNTRL}. */
  static String stableId(String seed) {
    byte[] digest = sha256("stable:" + seed);
    StringBuilder id = new StringBuilder("n");
    for (int i = 0; i < 11; i++) {
      id.append(STABLE_ID_ALPHABET.charAt((digest[i] & 0xff) % STABLE_ID_ALPHABET.length()));
    }
    return id.append("CNTRL").toString();
  }

  /** {@code <prefix>:<64 hex>}, the text form of a 32-byte WireGuard / machine / disco key. */
  static String key(String prefix, String seed) {
    return prefix + ":" + HexFormat.of().formatHex(sha256(prefix + ":" + seed));
  }

  static int smallInt(String seed, int bound) {
    return Math.floorMod(longOf("int:" + seed), bound);
  }

  static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long longOf(String seed) {
    return ByteBuffer.wrap(sha256(seed)).getLong();
  }
}
