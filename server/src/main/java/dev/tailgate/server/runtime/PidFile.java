package dev.tailgate.server.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Where a running tailgate records its process id, so {@code tailgate reload -c FILE} can find the
 * server that runs FILE. The default name is derived from the configuration's absolute path, so two
 * servers with two configurations never signal each other.
 */
public final class PidFile {
  private PidFile() {}

  public static Path defaultFor(Path config) {
    String absolute = config.toAbsolutePath().normalize().toString();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(absolute.getBytes(StandardCharsets.UTF_8));
      String id = HexFormat.of().formatHex(digest, 0, 6);
      return Path.of(System.getProperty("java.io.tmpdir"), "tailgate-" + id + ".pid");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  /** Written atomically, so a reader never sees half a number. */
  public static void write(Path file, long pid) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, pid + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public static Optional<Long> read(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }
}
