package dev.tailgate.server.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Reproducible bytes for bodies too large to keep around: both ends generate the same stream. */
public final class TestData {
  private final SplittableRandom random = new SplittableRandom(20240917L);

  public byte[] next(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  /** Hex SHA-256 of the first {@code size} bytes, generated in the chunk size the backend uses. */
  public static String sha256(long size, int chunk) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      TestData data = new TestData();
      for (long done = 0; done < size; done += chunk) {
        sha.update(data.next((int) Math.min(chunk, size - done)));
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
