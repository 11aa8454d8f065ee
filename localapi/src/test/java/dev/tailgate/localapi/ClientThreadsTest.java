package dev.tailgate.localapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client nobody closed must not keep its process alive. When tailgate's main thread died of an
 * error after the server had stopped (classes read from a jar replaced in place), the client's
 * timeout scheduler, a non-daemon thread, kept the JVM up for good: SIGTERM "worked", yet the
 * process never exited and systemd had to kill it.
 */
class ClientThreadsTest {

  @Test
  void aProcessThatLeavesItsClientOpenStillExits(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("child.log");
    try (FakeTailscaled fake = FakeTailscaled.start(FakeTailnet.example())) {
      Path java = Path.of(System.getProperty("java.home"), "bin", "java");
      Process child =
          new ProcessBuilder(
                  List.of(
                      java.toString(),
                      "-cp",
                      System.getProperty("java.class.path"),
                      ClientLeftOpen.class.getName(),
                      fake.socketPath().toString()))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();

      boolean exited = child.waitFor(60, TimeUnit.SECONDS);
      if (!exited) {
        child.destroyForcibly().waitFor();
      }
      String output = Files.readString(log);

      assertThat(output).as("the question was answered").contains("asked");
      assertThat(exited).as("the JVM exited once main returned; output:\n" + output).isTrue();
      assertThat(child.exitValue()).isZero();
    }
  }
}
