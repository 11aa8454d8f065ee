package dev.tailgate.server.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.server.testing.Await;
import dev.tailgate.testkit.ca.TestCertificateAuthority;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A certificate renewal in the middle of a load run: tailscaled issues a new certificate, tailgate
 * swaps it into the registry, new handshakes get it, and no request fails: neither on held
 * connections nor on the new connections that keep handshaking through the swap.
 */
class RenewalUnderLoadTest {

  /** On both TLS engines: the registry is asked per handshake by either. */
  @ParameterizedTest
  @ValueSource(strings = {"conscrypt", "jdk"})
  void aRenewalInTheMiddleOfALoadRunFailsNoRequest(String engine) throws Exception {
    renewUnderLoad("certificate renewal under load (" + engine + ")", 1, 300, engine);
  }

  @ParameterizedTest
  @ValueSource(strings = {"conscrypt", "jdk"})
  @Tag("long")
  void fiveRenewalsUnderSustainedLoad(String engine) throws Exception {
    renewUnderLoad("5 certificate renewals under load (" + engine + ")", 5, 3000, engine);
  }

  private void renewUnderLoad(String name, int renewals, int requestsBetween, String engine)
      throws Exception {
    try (LoadTarget target =
        LoadTarget.start(
            "30s",
            TestCertificateAuthority.DEFAULT_LIFETIME,
            "MDRetryDelay 100ms\nMDRenewWindow 100%\nTLSProvider " + engine + "\n")) {
      Tally tally = new Tally();
      Lanes lanes =
          new Lanes()
              .start(
                  "keep-alive",
                  4,
                  tally,
                  Traffic.keepAlive(
                      target,
                      tally,
                      LoadTarget.ICING,
                      "/private",
                      Duration.ZERO,
                      Traffic.SERVED_AS_ICING))
              .start(
                  "new-connection",
                  4,
                  tally,
                  Traffic.newConnections(
                      target, tally, LoadTarget.ICING, "/private", Traffic.SERVED_AS_ICING));
      List<Long> swapMillis = new ArrayList<>();
      try {
        awaitMore(tally, requestsBetween);
        for (int i = 0; i < renewals; i++) {
          BigInteger before = target.servedSerial();
          long start = System.nanoTime();
          target.tailscaled.renew(LoadTarget.HOST);
          target.managed().checkNow(LoadTarget.HOST);
          Await.until(
              "the renewed certificate is served",
              Duration.ofSeconds(30),
              () -> !serial(target).equals(before));
          swapMillis.add((System.nanoTime() - start) / 1_000_000);
          awaitMore(tally, requestsBetween);
        }
      } finally {
        assertThat(lanes.stop()).as("lanes that did not stop").isZero();
      }

      Figures.record(
          name,
          String.format(
              "%d renewals, from renew to new certificate served: %s ms; %s",
              renewals, swapMillis, tally.summary()));
      assertThat(tally.failures()).as("failures: %s", tally.failureSamples()).isZero();
      assertThat(target.servedSerial())
          .isEqualTo(target.tailscaled.certs().get(LoadTarget.HOST, Duration.ZERO).serial());
    }
  }

  private static BigInteger serial(LoadTarget target) {
    try {
      return target.servedSerial();
    } catch (Exception e) {
      throw new AssertionError("a new handshake failed during the renewal", e);
    }
  }

  private static void awaitMore(Tally tally, int requests) {
    long goal = tally.ok() + requests;
    Await.until(
        requests + " more requests",
        Duration.ofMinutes(2),
        () -> tally.ok() >= goal || tally.failures() > 0);
  }
}
