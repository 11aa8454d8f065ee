package dev.tailgate.certs.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.localapi.cert.CertPair;
import dev.tailgate.localapi.cert.PemCertPairParser;
import dev.tailgate.testkit.ca.TestCertificateAuthority;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk layout survives a stop at every step of a save. */
class CertStoreTest {
  private static final String DOMAIN = "vps.example.test";
  private final TestCertificateAuthority ca = new TestCertificateAuthority();
  @TempDir Path root;

  private CertPair issue() throws Exception {
    return new PemCertPairParser().parse(ca.issue(DOMAIN).pairPem());
  }

  @Test
  void aSavedSetLoadsBackAndTheOldOneIsArchived() throws Exception {
    CertStore store = new CertStore(root, Clock.systemUTC());
    CertPair first = issue();
    CertPair second = issue();

    store.save(DOMAIN, first);
    store.save(DOMAIN, second);

    assertThat(store.load(DOMAIN))
        .map(p -> p.leaf().getSerialNumber())
        .hasValue(second.leaf().getSerialNumber());
    assertThat(Files.exists(root.resolve("archive").resolve(DOMAIN + ".1").resolve("privkey.pem")))
        .isTrue();
    assertThat(Files.exists(root.resolve("staging").resolve(DOMAIN))).isFalse();
  }

  @Test
  void aStopAfterStagingKeepsTheOldSetActive() throws Exception {
    CertStore store = new CertStore(root, Clock.systemUTC());
    CertPair old = issue();
    store.save(DOMAIN, old);

    store.stage(DOMAIN, issue()); // the process stops here, before activation

    CertStore afterRestart = new CertStore(root, Clock.systemUTC());
    assertThat(afterRestart.load(DOMAIN))
        .map(p -> p.leaf().getSerialNumber())
        .hasValue(old.leaf().getSerialNumber());
  }

  @Test
  void aStopBetweenArchivingAndPromotingFinishesTheActivationOnLoad() throws Exception {
    CertStore store = new CertStore(root, Clock.systemUTC());
    store.save(DOMAIN, issue());
    CertPair next = issue();
    store.stage(DOMAIN, next);
    // the first rename of activate() happened, the second did not
    Files.createDirectories(root.resolve("archive"));
    Files.move(
        root.resolve("domains").resolve(DOMAIN), root.resolve("archive").resolve(DOMAIN + ".1"));

    CertStore afterRestart = new CertStore(root, Clock.systemUTC());

    assertThat(afterRestart.load(DOMAIN))
        .map(p -> p.leaf().getSerialNumber())
        .hasValue(next.leaf().getSerialNumber());
    assertThat(Files.exists(root.resolve("domains").resolve(DOMAIN).resolve("pubcert.pem")))
        .isTrue();
  }

  @Test
  void aProcessKilledAfterStagingLeavesAStoreTheNextStartServesFrom() throws Exception {
    CertStore store = new CertStore(root, Clock.systemUTC());
    CertPair old = issue();
    store.save(DOMAIN, old);
    Path pair = Files.writeString(root.resolve("next.pem"), ca.issue(DOMAIN).pairPem());

    Process crash =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StagingCrash.class.getName(),
                root.toString(),
                DOMAIN,
                pair.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(crash.getInputStream().readAllBytes());

    assertThat(crash.waitFor()).as(output).isEqualTo(137);
    assertThat(output).contains("staged");
    CertStore afterRestart = new CertStore(root, Clock.systemUTC());
    assertThat(afterRestart.load(DOMAIN))
        .map(p -> p.leaf().getSerialNumber())
        .hasValue(old.leaf().getSerialNumber());
    assertThat(
            Files.getPosixFilePermissions(
                root.resolve("domains").resolve(DOMAIN).resolve("privkey.pem")))
        .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
  }

  @Test
  void aHalfWrittenStagingSetIsIgnored() throws Exception {
    CertStore store = new CertStore(root, Clock.systemUTC());
    Path staging = root.resolve("staging").resolve(DOMAIN);
    Files.createDirectories(staging);
    Files.writeString(staging.resolve("privkey.pem"), "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE");

    assertThat(store.load(DOMAIN)).isEmpty();
  }
}
