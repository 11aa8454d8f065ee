package dev.tailgate.certs.acme;

import dev.tailgate.certs.managed.Issuer;
import dev.tailgate.certs.managed.KeySpec;
import dev.tailgate.certs.managed.PemPairs;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.shredzone.acme4j.Account;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.toolbox.JSON;
import org.shredzone.acme4j.toolbox.JSONBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ACME accounts in the store, in mod_md's layout ({@code accounts/ACME-HOST-NNNN/account.pem} and
 * {@code account.json}): one per CA directory, created on first use and reused by every domain of
 * that CA and across restarts. The key is written 0600 and synced before the CA ever sees it. A
 * registration that fails removes the key again; should the CA have registered it anyway (the
 * answer lost on the way), that account is never used and a new one is made.
 */
public final class AcmeAccounts {
  private static final Logger LOG = LoggerFactory.getLogger(AcmeAccounts.class);
  static final String KEY_FILE = "account.pem";
  static final String INFO_FILE = "account.json";
  private static final String GONE = ".gone";

  private final Path accounts;

  public AcmeAccounts(Path storeDir) {
    this.accounts = storeDir.resolve("accounts");
  }

  /**
   * The login for {@code issuer}'s CA: the stored account, or a new one registered now.
   *
   * @throws IssueProblem when the CA needs something the configuration lacks, saying what to write
   */
  synchronized Login login(Session session, Issuer.Acme issuer) throws AcmeException, IOException {
    Optional<Path> existing = find(issuer.directory());
    if (existing.isPresent()) {
      JSON info = JSON.parse(Files.readString(existing.get().resolve(INFO_FILE)));
      URL location = info.get("url").asURL();
      Login login = session.login(location, readKey(existing.get().resolve(KEY_FILE)));
      List<URI> stored = info.get("contacts").asArray().stream().map(v -> v.asURI()).toList();
      if (!stored.equals(issuer.contacts())) {
        updateContacts(login, existing.get(), issuer);
      }
      return login;
    }
    var meta = session.getMetadata();
    if (meta.isExternalAccountRequired() && issuer.binding().isEmpty()) {
      throw new IssueProblem(
          "the CA "
              + issuer.directory()
              + " requires an external account binding to create an account",
          "write MDExternalAccountBinding <key-id> <hmac-key> with the values the CA gave you");
    }
    if (meta.getTermsOfService().isPresent() && !issuer.agreementAccepted()) {
      throw new IssueProblem(
          "the CA "
              + issuer.directory()
              + " requires accepting its terms of service ("
              + meta.getTermsOfService().get()
              + ")",
          "read them, then write MDCertificateAgreement accepted");
    }
    Path dir = newAccountDir(issuer.directory());
    KeyPair key = KeySpec.DEFAULT.generate();
    writeSecret(
        dir.resolve(KEY_FILE),
        PemPairs.privateKeyPem(key.getPrivate()) + PemPairs.pem(key.getPublic()));
    AccountBuilder builder = new AccountBuilder().useKeyPair(key);
    issuer.contacts().forEach(builder::addContact);
    if (issuer.agreementAccepted()) {
      builder.agreeToTermsOfService();
    }
    issuer
        .binding()
        .ifPresent(binding -> builder.withKeyIdentifier(binding.keyId(), binding.hmacKey()));
    Login login;
    try {
      login = builder.createLogin(session);
    } catch (AcmeException | RuntimeException e) {
      // nothing was registered: leave no half account behind for the next attempt to trip over
      deleteQuietly(dir);
      throw e;
    }
    writeInfo(dir, login, issuer);
    LOG.info("created ACME account {} at {}", login.getAccountLocation(), issuer.directory());
    return login;
  }

  /**
   * Sets aside the stored account for {@code directory} (as {@code accounts/NAME.gone}) when it is
   * still {@code location}: the CA no longer knows it (a test CA restarted, an account
   * deactivated), so the next login creates one. An account another order already made in its place
   * stays.
   */
  synchronized void forget(URI directory, URL location) throws IOException {
    Optional<Path> existing = find(directory);
    if (existing.isPresent()
        && location
            .toString()
            .equals(
                JSON.parse(Files.readString(existing.get().resolve(INFO_FILE)))
                    .get("url")
                    .asString())) {
      Path aside = existing.get().resolveSibling(existing.get().getFileName() + GONE);
      deleteQuietly(aside);
      Files.move(existing.get(), aside, StandardCopyOption.ATOMIC_MOVE);
      LOG.warn("the CA {} no longer knows account {}; a new one is created", directory, aside);
    }
  }

  private static void updateContacts(Login login, Path dir, Issuer.Acme issuer)
      throws AcmeException, IOException {
    Account.EditableAccount edit = login.getAccount().modify();
    edit.getContacts().clear();
    issuer.contacts().forEach(edit::addContact);
    edit.commit();
    writeInfo(dir, login, issuer);
    LOG.info("updated the contacts of ACME account {}", login.getAccountLocation());
  }

  private static void writeInfo(Path dir, Login login, Issuer.Acme issuer) throws IOException {
    JSONBuilder info = new JSONBuilder();
    info.put("url", login.getAccountLocation().toString());
    info.put("ca", issuer.directory().toString());
    info.array("contacts", issuer.contacts().stream().map(URI::toString).toList());
    writeSecret(dir.resolve(INFO_FILE), info.toString());
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // nothing there, or nothing more to do
    }
  }

  /** The stored account for {@code directory}, as {@code tailgate certs} shows it. */
  public Optional<String> describe(URI directory) throws IOException {
    Optional<Path> dir = find(directory);
    if (dir.isEmpty()) {
      return Optional.empty();
    }
    JSON info = JSON.parse(Files.readString(dir.get().resolve(INFO_FILE)));
    return Optional.of(info.get("url").asString() + " (" + dir.get() + ")");
  }

  /** The account directory for {@code directory}, if one was created before. */
  Optional<Path> find(URI directory) throws IOException {
    if (!Files.isDirectory(accounts)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(accounts)) {
      for (Path dir : dirs.sorted().toList()) {
        if (dir.getFileName().toString().endsWith(GONE)) {
          continue;
        }
        Path info = dir.resolve(INFO_FILE);
        if (Files.isRegularFile(info) && Files.isRegularFile(dir.resolve(KEY_FILE))) {
          JSON json = JSON.parse(Files.readString(info));
          if (directory.toString().equals(json.get("ca").asString())) {
            return Optional.of(dir);
          }
        }
      }
    }
    return Optional.empty();
  }

  private Path newAccountDir(URI directory) throws IOException {
    Files.createDirectories(
        accounts,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    String host = directory.getHost() == null ? "ca" : directory.getHost().toLowerCase(Locale.ROOT);
    for (int n = 0; ; n++) {
      Path dir = accounts.resolve(String.format(Locale.ROOT, "ACME-%s-%04d", host, n));
      if (!Files.exists(dir)) {
        Files.createDirectory(
            dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return dir;
      }
    }
  }

  private static KeyPair readKey(Path file) throws IOException {
    try (PEMParser parser =
        new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      PrivateKey privateKey = null;
      PublicKey publicKey = null;
      for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
        if (object instanceof PrivateKeyInfo info) {
          privateKey = converter.getPrivateKey(info);
        } else if (object instanceof SubjectPublicKeyInfo info) {
          publicKey = converter.getPublicKey(info);
        }
      }
      if (privateKey == null || publicKey == null) {
        throw new IOException(file + " does not hold an ACME account key pair");
      }
      return new KeyPair(publicKey, privateKey);
    }
  }

  /** Written beside, synced, then renamed over: the file is whole or absent, and always 0600. */
  private static void writeSecret(Path file, String text) throws IOException {
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    Files.deleteIfExists(partial);
    Files.createFile(
        partial,
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
      channel.write(StandardCharsets.UTF_8.encode(text));
      channel.force(true);
    }
    Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException e) {
      // some file systems cannot sync a directory; the rename is still atomic
    }
  }
}
