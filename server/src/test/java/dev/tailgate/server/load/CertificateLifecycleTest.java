package dev.tailgate.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.Await;
import dev.tailgate.testkit.ca.IssuedCertificate;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Whole certificate lifecycles on a real clock: 60-second certificates from a tailscaled that
 * renews them in the background after 2/3 of their lifetime and hands out the old one until then,
 * as the real daemon does. tailgate must pick each renewal up before the old certificate expires:
 * while tailscaled can hand out a valid certificate, no handshake may see an expired one.
 */
class CertificateLifecycleTest {
  private static final Duration LIFETIME = Duration.ofSeconds(60);
  private static final int RENEWALS = 5;

  @Test
  @Tag("long")
  void fiveRenewalsOfSixtySecondCertificatesWithoutAFailedRequest() throws Exception {
    Path dir = Files.createTempDirectory("tailgate-lifecycle");
    Path events = dir.resolve("events.log");
    Path script = dir.resolve("on-event.sh");
    Files.writeString(script, "#!/bin/sh\necho \"$1 $2\" >> " + events + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    String md =
        "MDRetryDelay 1s\nMDMessageCmd "
            + script
            + "\n"; // the default windows: renew at 33%, warn at 10%
    try (LoadTarget target = LoadTarget.start("30s", LIFETIME, md)) {
      Map<BigInteger, Instant> firstSeen = new ConcurrentHashMap<>();
      AtomicBoolean probing = new AtomicBoolean(true);
      Thread probe = new Thread(() -> probe(target, firstSeen, probing), "serial-probe");
      probe.start();
      Tally tally = new Tally();
      Lanes lanes =
          new Lanes()
              .start(
                  "new-connection",
                  3,
                  tally,
                  Traffic.newConnections(
                      target, tally, LoadTarget.ICING, "/private", Traffic.SERVED_AS_ICING))
              .start(
                  "keep-alive",
                  2,
                  tally,
                  Traffic.keepAlive(
                      target,
                      tally,
                      LoadTarget.ICING,
                      "/private",
                      Duration.ZERO,
                      Traffic.SERVED_AS_ICING));
      try {
        Await.until(
            RENEWALS + " renewals",
            LIFETIME.multipliedBy(RENEWALS + 2),
            () ->
                target.tailscaled.certs().issuanceCount(LoadTarget.HOST) > RENEWALS
                    && firstSeen.size() > RENEWALS);
      } finally {
        assertThat(lanes.stop()).as("lanes that did not stop").isZero();
        probing.set(false);
        probe.join();
      }

      Figures.record(
          "60-second certificates, " + RENEWALS + " renewals on a real clock",
          tally.summary() + "; serials seen: " + firstSeen.size());
      assertThat(tally.failures()).as("failures: %s", tally.failureSamples()).isZero();
      List<IssuedCertificate> issued = target.tailscaled.certs().issued();
      for (IssuedCertificate certificate : issued.subList(0, RENEWALS + 1)) {
        Instant seen = firstSeen.get(certificate.serial());
        assertThat(seen)
            .as("certificate %s was served", certificate.serial().toString(16))
            .isNotNull();
        assertThat(seen).as("served before it expired").isBefore(certificate.notAfter());
      }
      for (int i = 1; i <= RENEWALS; i++) {
        IssuedCertificate renewal = issued.get(i);
        Instant previousExpiry = issued.get(i - 1).notAfter();
        assertThat(firstSeen.get(renewal.serial()))
            .as("renewal %d served before its predecessor expired", i)
            .isBefore(previousExpiry);
      }
      List<String> lines = Files.readAllLines(events);
      assertThat(lines).noneMatch(line -> line.startsWith("errored"));
      assertThat(order(lines))
          .as("events: %s", lines)
          .startsWith(expectedOrder().toArray(String[]::new));
    }
  }

  /**
   * renewed, installed for the first certificate; then renewing, renewed, installed per renewal.
   */
  private static List<String> expectedOrder() {
    List<String> order = new ArrayList<>(List.of("renewed", "installed"));
    for (int i = 0; i < RENEWALS; i++) {
      order.addAll(List.of("renewing", "renewed", "installed"));
    }
    return order;
  }

  /** The event names, without the warnings ({@code expiring}) that may come in between. */
  private static List<String> order(List<String> lines) {
    return lines.stream()
        .map(line -> line.split(" ")[0])
        .filter(name -> !name.equals("expiring"))
        .toList();
  }

  /** Handshakes every 50 ms, recording when each serial was first served. */
  private static void probe(
      LoadTarget target, Map<BigInteger, Instant> firstSeen, AtomicBoolean probing) {
    while (probing.get()) {
      try {
        firstSeen.putIfAbsent(target.servedSerial(), Instant.now());
      } catch (Exception e) {
        // a failed handshake is counted by the lanes; the probe only watches serials
      }
      try {
        Thread.sleep(50); // the probe's sampling interval, not synchronisation
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
