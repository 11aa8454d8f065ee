package dev.tailgate.server.runtime;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where a running tailgate records its process id, so {@code tailgate reload -c FILE} can find the
 * server that runs FILE, and what {@code reload} checks before it believes one. The default name is
 * derived from the configuration's absolute path, so two servers with two configurations never
 * signal each other, and lives in a directory only the server's user can write ({@code
 * /run/tailgate} for root, {@code $XDG_RUNTIME_DIR/tailgate} or {@code ~/.local/state/tailgate}
 * otherwise): in the world-writable temp directory any local user could plant the file and have
 * {@code sudo tailgate reload} send SIGHUP to a process of their choosing.
 */
public final class PidFile {
  private static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> READABLE_FILE =
      PosixFilePermissions.fromString("rw-r--r--");

  private PidFile() {}

  public static Path defaultFor(Path config) {
    String absolute = config.toAbsolutePath().normalize().toString();
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(absolute.getBytes(StandardCharsets.UTF_8));
      String id = HexFormat.of().formatHex(digest, 0, 6);
      return defaultDirectory().resolve("tailgate-" + id + ".pid");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  static Path defaultDirectory() {
    if ("root".equals(System.getProperty("user.name"))) {
      return Path.of("/run/tailgate");
    }
    String runtime = System.getenv("XDG_RUNTIME_DIR");
    if (runtime != null && !runtime.isEmpty() && Files.isDirectory(Path.of(runtime))) {
      return Path.of(runtime, "tailgate");
    }
    return Path.of(System.getProperty("user.home"), ".local", "state", "tailgate");
  }

  /**
   * Written atomically without following links: a leftover temporary file is removed (the link
   * itself, never its target), the new one is created exclusively, then renamed over the old name.
   */
  public static void write(Path file, long pid) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (!Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try (SeekableByteChannel out =
        Files.newByteChannel(
            tmp,
            Set.<OpenOption>of(
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
            PosixFilePermissions.asFileAttribute(READABLE_FILE))) {
      out.write(ByteBuffer.wrap((pid + "\n").getBytes(StandardCharsets.US_ASCII)));
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  public static Optional<Long> read(Path file) {
    try {
      return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * Why a pid file cannot be believed, if it cannot: a link, a file someone other than this user or
   * root owns, or one that others may write.
   */
  public static Optional<String> distrust(Path file) {
    try {
      if (Files.isSymbolicLink(file)) {
        return Optional.of("it is a symbolic link");
      }
      String owner = Files.getOwner(file, LinkOption.NOFOLLOW_LINKS).getName();
      if (!owner.equals("root") && !owner.equals(System.getProperty("user.name"))) {
        return Optional.of("it is owned by " + owner + ", neither you nor root");
      }
      Set<PosixFilePermission> permissions =
          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      if (permissions.contains(PosixFilePermission.GROUP_WRITE)
          || permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
        return Optional.of(
            "others may write it (" + PosixFilePermissions.toString(permissions) + ")");
      }
      return Optional.empty();
    } catch (IOException | UnsupportedOperationException e) {
      return Optional.of("its owner and permissions cannot be read (" + e.getMessage() + ")");
    }
  }

  /**
   * Whether a process is a tailgate server: its full command line (from {@code /proc}, which the
   * JDK would truncate) names tailgate and has the {@code run} command.
   */
  public static boolean isTailgateServer(ProcessHandle process) {
    List<String> arguments = commandLine(process);
    boolean namesTailgate = arguments.stream().anyMatch(a -> a.contains("tailgate"));
    boolean runs = arguments.stream().anyMatch(a -> a.equals("run"));
    return namesTailgate && runs;
  }

  private static List<String> commandLine(ProcessHandle process) {
    Path proc = Path.of("/proc", Long.toString(process.pid()), "cmdline");
    try {
      String raw = new String(Files.readAllBytes(proc), StandardCharsets.UTF_8);
      return List.of(raw.split("\0"));
    } catch (IOException e) {
      ProcessHandle.Info info = process.info();
      List<String> arguments = new ArrayList<>();
      info.command().ifPresent(arguments::add);
      info.arguments().ifPresent(a -> arguments.addAll(List.of(a)));
      return arguments;
    }
  }
}
