package dev.tailgate.cli;

import dev.tailgate.testkit.FakeTailscaledMain;
import dev.tailgate.testkit.go.GoDuration;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tailgate fake-tailscaled}: the test double as a process, for scripts, the demo and
 * benchmarks; it speaks the real LocalAPI on a real unix socket.
 */
@Command(
    name = "fake-tailscaled",
    mixinStandardHelpOptions = true,
    description = {
      "Run a fake tailscaled (LocalAPI on a unix socket) with a fake tailnet, for tests and demos.",
      "It prints one 'listening' line when ready and runs until stopped."
    })
final class FakeTailscaledCommand implements Callable<Integer> {

  @Option(
      names = "--socket",
      required = true,
      paramLabel = "PATH",
      description = "where to create the LocalAPI socket")
  Path socket;

  @Option(
      names = "--tailnet",
      paramLabel = "FILE.json",
      description =
          "the tailnet to serve (default: the built-in example; schema in testkit/README.md)")
  Path tailnet;

  @Option(
      names = "--tcp",
      description = "also listen on loopback TCP with a token, like the macOS app")
  boolean tcp;

  @Option(
      names = "--root-ca",
      paramLabel = "FILE.pem",
      description = "write the fake CA's root certificate here, for clients to trust")
  Path rootCa;

  @Option(
      names = "--cert-lifetime",
      paramLabel = "DURATION",
      description =
          "how long issued certificates are valid, as a Go duration (default 2160h, 90 days); they renew"
              + " in the background after 2/3 of it, as tailscaled's do")
  String certLifetime = "2160h";

  @Option(
      names = "--whois-latency",
      paramLabel = "DURATION",
      description =
          "how long each whois answer takes, as a Go duration (default 0s): a busy daemon")
  String whoisLatency = "0s";

  @Option(
      names = "--backlog",
      paramLabel = "N",
      description =
          "the socket's listen backlog (default 4096); a short one refuses connects in a burst")
  int backlog = 4096;

  @Override
  public Integer call() throws Exception {
    FakeTailscaledMain.run(
        new FakeTailscaledMain.Options(
            socket,
            tailnet,
            tcp,
            rootCa,
            GoDuration.parse(certLifetime),
            GoDuration.parse(whoisLatency),
            backlog),
        System.out);
    return 0;
  }
}
