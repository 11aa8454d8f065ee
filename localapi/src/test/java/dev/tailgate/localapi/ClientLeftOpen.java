package dev.tailgate.localapi;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A program that asks tailscaled one question with a timeout and returns from {@code main} without
 * closing its client, as a process does whose main thread dies of an error on the way out: run by
 * {@link ClientThreadsTest} in a JVM of its own.
 */
public final class ClientLeftOpen {
  private ClientLeftOpen() {}

  public static void main(String[] args) throws Exception {
    LocalApiClient client =
        LocalApiClient.builder()
            .socket(Path.of(args[0]))
            .requestTimeout(Duration.ofSeconds(5))
            .build();
    client.whoisAsync(new InetSocketAddress("100.64.0.9", 443)).get();
    System.out.println("asked");
  }
}
