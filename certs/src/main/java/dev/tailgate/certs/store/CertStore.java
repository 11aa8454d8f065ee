package dev.tailgate.certs.store;

import dev.tailgate.localapi.cert.CertPair;
import dev.tailgate.localapi.cert.CertPairVerifier;
import dev.tailgate.localapi.cert.InvalidCertPairException;
import dev.tailgate.localapi.cert.PemCertPairParser;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Certificates on disk, in mod_md's layout ({@code domains/NAME/privkey.pem} and {@code
 * pubcert.pem}), written so that a crash at any moment leaves a usable set: a new set is written
 * and fsynced in {@code staging/NAME}, read back and verified, and only then swapped in by renaming
 * directories; the previous set moves to {@code archive/NAME.N}. Keys are created 0600 and never
 * exist with wider permissions, not even for a moment.
 */
public final class CertStore {
  private static final Logger LOG = LoggerFactory.getLogger(CertStore.class);
  static final String KEY_FILE = "privkey.pem";
  static final String CERT_FILE = "pubcert.pem";
  static final String ORIGIN_FILE = "origin";
  static final String OCSP_DIR = "ocsp";
  private static final Set<PosixFilePermission> KEY_PERMISSIONS =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR_PERMISSIONS =
      PosixFilePermissions.fromString("rwx------");

  private final Path root;
  private final Clock clock;
  private final PemCertPairParser parser = new PemCertPairParser();

  public CertStore(Path root, Clock clock) {
    this.root = root;
    this.clock = clock;
  }

  public Path root() {
    return root;
  }

  Path domainDir(String name) {
    return root.resolve("domains").resolve(name);
  }

  Path stagingDir(String name) {
    return root.resolve("staging").resolve(name);
  }

  /**
   * The stored set for {@code name}, if one is usable now. A set left in staging by a crash during
   * activation is finished first; a corrupt or mismatched active set is moved aside (so it can be
   * inspected) and reported as absent, so the caller fetches a new one.
   */
  public synchronized Optional<CertPair> load(String name) throws IOException {
    Path active = domainDir(name);
    Path staged = stagingDir(name);
    if (!Files.exists(active) && Files.exists(staged)) {
      Optional<CertPair> pair = read(staged, name);
      if (pair.isPresent()) {
        LOG.info("{}: finishing an activation interrupted by a restart", name);
        Files.createDirectories(active.getParent());
        move(staged, active);
        return pair;
      }
    }
    if (!Files.exists(active)) {
      return Optional.empty();
    }
    Optional<CertPair> pair = read(active, name);
    if (pair.isEmpty()) {
      Path aside = nextArchive(name + ".corrupt");
      move(active, aside);
      LOG.warn("{}: the stored certificate set was unusable and has been moved to {}", name, aside);
    }
    return pair;
  }

  /**
   * The active set as it is on disk, without repairing anything: for status commands that must not
   * change the store a running server uses.
   */
  public Optional<CertPair> peek(String name) {
    Path active = domainDir(name);
    return Files.exists(active) ? read(active, name) : Optional.empty();
  }

  /**
   * Stores a new set for {@code name}: stage, sync, verify, then swap directories. The caller has
   * verified the pair already; reading it back here catches a disk that did not keep what was
   * written.
   *
   * @throws IOException when any step fails; the previous set is then still the active one
   */
  public synchronized void save(String name, CertPair pair) throws IOException {
    save(name, pair, Optional.empty());
  }

  /**
   * As {@link #save(String, CertPair)}, recording where the set came from (an ACME directory URL)
   * in the set's {@code origin} file, so a configuration that names another CA is noticed.
   */
  public synchronized void save(String name, CertPair pair, Optional<String> origin)
      throws IOException {
    stage(name, pair);
    if (origin.isPresent()) {
      write(stagingDir(name).resolve(ORIGIN_FILE), origin.get() + "\n", false);
      syncDirectory(stagingDir(name));
    }
    activate(name);
  }

  /**
   * Keeps the OCSP answer stapled for {@code name}'s certificate with {@code serial} ({@code
   * ocsp/NAME/SERIAL.der}, apart from the certificate sets as in mod_md's store), so a restart
   * staples at once without asking the responder. Written to a temporary file, synced and renamed
   * over the previous answer; answers about certificates no longer served are removed after.
   */
  public synchronized void saveStaple(String name, BigInteger serial, byte[] der)
      throws IOException {
    Path dir = root.resolve(OCSP_DIR).resolve(name);
    Files.createDirectories(dir);
    String file = serial.toString(16) + ".der";
    Path temporary = dir.resolve(file + ".new");
    Files.deleteIfExists(temporary);
    write(temporary, ByteBuffer.wrap(der), false);
    move(temporary, dir.resolve(file));
    syncDirectory(dir);
    try (Stream<Path> answers = Files.list(dir)) {
      for (Path other : answers.filter(p -> !p.getFileName().toString().equals(file)).toList()) {
        Files.deleteIfExists(other);
      }
    }
  }

  /** The stored OCSP answer for {@code name}'s certificate with {@code serial}, unchecked. */
  public Optional<byte[]> loadStaple(String name, BigInteger serial) {
    Path file = root.resolve(OCSP_DIR).resolve(name).resolve(serial.toString(16) + ".der");
    try {
      return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    } catch (IOException e) {
      LOG.warn("{}: cannot read the stored OCSP answer {}: {}", name, file, e.getMessage());
      return Optional.empty();
    }
  }

  /** Where the active set for {@code name} came from, when that was recorded. */
  public Optional<String> origin(String name) {
    try {
      Path file = domainDir(name).resolve(ORIGIN_FILE);
      return Files.isRegularFile(file)
          ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).strip())
          : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Step one: the new set, complete and synced, in staging. Package-private so tests can stop here.
   */
  void stage(String name, CertPair pair) throws IOException {
    Path staged = stagingDir(name);
    deleteRecursively(staged);
    Files.createDirectories(staged.getParent());
    Files.createDirectory(staged, PosixFilePermissions.asFileAttribute(DIR_PERMISSIONS));
    write(staged.resolve(KEY_FILE), pair.keyPem(), true);
    write(staged.resolve(CERT_FILE), pair.chainPem(), false);
    syncDirectory(staged);
    if (read(staged, name).isEmpty()) {
      throw new IOException(
          "the certificate set written to " + staged + " does not read back as written");
    }
  }

  /** Step two: archive the active set and promote the staged one, by renames. */
  void activate(String name) throws IOException {
    Path active = domainDir(name);
    Files.createDirectories(active.getParent());
    if (Files.exists(active)) {
      move(active, nextArchive(name));
    }
    move(stagingDir(name), active);
    syncDirectory(active.getParent());
  }

  private Optional<CertPair> read(Path dir, String name) {
    try {
      String key = Files.readString(dir.resolve(KEY_FILE), StandardCharsets.US_ASCII);
      String chain = Files.readString(dir.resolve(CERT_FILE), StandardCharsets.US_ASCII);
      CertPair pair = parser.parse(key + chain);
      CertPairVerifier.verify(pair, name, clock.instant());
      return Optional.of(pair);
    } catch (IOException | InvalidCertPairException e) {
      LOG.warn("{}: stored set in {} is not usable: {}", name, dir, e.getMessage());
      return Optional.empty();
    }
  }

  private static void write(Path file, String text, boolean secret) throws IOException {
    write(file, StandardCharsets.US_ASCII.encode(text), secret);
  }

  /** Creates {@code file} (0600 when secret, from its first byte) and writes it through to disk. */
  private static void write(Path file, ByteBuffer bytes, boolean secret) throws IOException {
    if (secret) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(KEY_PERMISSIONS));
    } else {
      Files.createFile(file);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.write(bytes);
      channel.force(true);
    }
  }

  private static void syncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some file systems cannot fsync a directory; the renames are still atomic
    }
  }

  private Path nextArchive(String base) throws IOException {
    Path archive = root.resolve("archive");
    Files.createDirectories(archive);
    for (int n = 1; ; n++) {
      Path candidate = archive.resolve(base + "." + n);
      if (!Files.exists(candidate)) {
        return candidate;
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
      throw new IOException(
          "cannot rename " + from + " to " + to + " atomically: " + e.getMessage(), e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
