package dev.tailgate.certs.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mod_md's argv for MDMessageCmd and MDNotifyCmd, with real processes. */
class EventCommandsTest {
  @TempDir Path dir;

  private Path script(String name) throws Exception {
    Path script = dir.resolve(name);
    Files.writeString(script, "#!/bin/sh\necho \"$@\" >> " + dir.resolve(name + ".out") + "\n");
    script.toFile().setExecutable(true);
    return script;
  }

  private static List<String> awaitLines(Path file, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!Files.exists(file) || Files.readAllLines(file).size() < count) {
      assertThat(System.nanoTime()).as("waiting for %s", file).isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    return Files.readAllLines(file);
  }

  @Test
  void messageCmdGetsItsArgsThenTheEventAndDomainAndNotifyCmdRunsOnRenewal() throws Exception {
    Path message = script("message.sh");
    Path notify = script("notify.sh");
    try (EventCommands commands =
        new EventCommands(
            List.of(message.toString(), "--flag"), List.of(notify.toString()), 10_000)) {
      commands.on(new CertEvent(CertEvent.RENEWING, "vps.example.test", Instant.now(), ""));
      commands.on(new CertEvent(CertEvent.RENEWED, "vps.example.test", Instant.now(), ""));

      assertThat(awaitLines(dir.resolve("message.sh.out"), 2))
          .containsExactly("--flag renewing vps.example.test", "--flag renewed vps.example.test");
      assertThat(awaitLines(dir.resolve("notify.sh.out"), 1)).containsExactly("vps.example.test");
    }
  }

  @Test
  void aFailingCommandDoesNotStopLaterOnes() throws Exception {
    Path message = script("message.sh");
    try (EventCommands broken =
            new EventCommands(List.of(dir.resolve("missing.sh").toString()), List.of(), 10_000);
        EventCommands working = new EventCommands(List.of(message.toString()), List.of(), 10_000)) {
      broken.on(new CertEvent(CertEvent.ERRORED, "vps.example.test", Instant.now(), ""));
      working.on(new CertEvent(CertEvent.ERRORED, "vps.example.test", Instant.now(), ""));

      assertThat(awaitLines(dir.resolve("message.sh.out"), 1))
          .containsExactly("errored vps.example.test");
    }
  }

  @Test
  void expiringAndErroredAreRateLimitedPerDomain() {
    EventThrottle throttle = EventThrottle.modMdDefaults();
    Instant now = Instant.parse("2026-11-25T00:00:00Z");

    assertThat(throttle.allow(new CertEvent(CertEvent.ERRORED, "a", now, ""))).isTrue();
    assertThat(
            throttle.allow(
                new CertEvent(CertEvent.ERRORED, "a", now.plus(Duration.ofMinutes(30)), "")))
        .isFalse();
    assertThat(throttle.allow(new CertEvent(CertEvent.ERRORED, "b", now, ""))).isTrue();
    assertThat(
            throttle.allow(
                new CertEvent(CertEvent.ERRORED, "a", now.plus(Duration.ofMinutes(61)), "")))
        .isTrue();
    assertThat(throttle.allow(new CertEvent(CertEvent.EXPIRING, "a", now, ""))).isTrue();
    assertThat(
            throttle.allow(
                new CertEvent(CertEvent.EXPIRING, "a", now.plus(Duration.ofHours(23)), "")))
        .isFalse();
    assertThat(throttle.allow(new CertEvent(CertEvent.RENEWED, "a", now, ""))).isTrue();
    assertThat(throttle.allow(new CertEvent(CertEvent.RENEWED, "a", now, ""))).isTrue();
  }
}
