package dev.tailgate.testkit;

import dev.tailgate.testkit.ca.TestCertificateAuthority;
import dev.tailgate.testkit.go.GoDuration;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs a fake tailscaled as a process, for the demo, benchmarks and manual testing with curl:
 * {@code java dev.tailgate.testkit.FakeTailscaledMain --socket /tmp/ts/tailscaled.sock [--tailnet
 * tailnet.json] [--tcp] [--root-ca root.pem] [--cert-lifetime 60s] [--whois-latency 50ms]
 * [--backlog 16]}. Without {@code --tailnet} it serves {@link FakeTailnet#example()}. It prints one
 * {@code listening} line when ready and runs until SIGTERM / Ctrl-C.
 */
public final class FakeTailscaledMain {
  private static final String USAGE =
      "usage: fake-tailscaled --socket PATH [--tailnet FILE.json] [--tcp] [--root-ca FILE.pem]"
          + " [--cert-lifetime 90m] [--whois-latency 50ms] [--backlog 4096]";

  /**
   * How to run it.
   *
   * @param tailnetFile {@code null} for the example tailnet
   * @param rootCaOut where to write the test root CA (PEM) for clients to trust, or {@code null}
   * @param certLifetime how long the certificates it issues are valid (they renew in the background
   *     after 2/3 of it, as tailscaled's do)
   * @param whoisLatency how long each whois answer takes (zero: at once)
   * @param backlog the socket's listen backlog
   */
  public record Options(
      Path socket,
      Path tailnetFile,
      boolean tcp,
      Path rootCaOut,
      Duration certLifetime,
      Duration whoisLatency,
      int backlog) {
    public static Options socket(Path socket) {
      return new Options(
          socket,
          null,
          false,
          null,
          TestCertificateAuthority.DEFAULT_LIFETIME,
          Duration.ZERO,
          4096);
    }
  }

  private FakeTailscaledMain() {}

  public static void main(String[] args) throws Exception {
    Options defaults = Options.socket(null);
    Path socket = null;
    Path tailnetFile = null;
    Path rootCa = null;
    boolean tcp = false;
    Duration certLifetime = defaults.certLifetime();
    Duration whoisLatency = defaults.whoisLatency();
    int backlog = defaults.backlog();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--socket" -> socket = Path.of(value(args, ++i));
        case "--tailnet" -> tailnetFile = Path.of(value(args, ++i));
        case "--root-ca" -> rootCa = Path.of(value(args, ++i));
        case "--tcp" -> tcp = true;
        case "--cert-lifetime" -> certLifetime = GoDuration.parse(value(args, ++i));
        case "--whois-latency" -> whoisLatency = GoDuration.parse(value(args, ++i));
        case "--backlog" -> backlog = Integer.parseInt(value(args, ++i));
        default -> fail("unknown argument " + args[i]);
      }
    }
    if (socket == null) {
      fail("--socket is required");
    }
    run(
        new Options(socket, tailnetFile, tcp, rootCa, certLifetime, whoisLatency, backlog),
        System.out);
  }

  /**
   * Starts, prints the ready line(s), and blocks until the JVM is asked to stop.
   *
   * @param out receives {@code fake-tailscaled listening on <socket>} and, with TCP, {@code
   *     fake-tailscaled tcp 127.0.0.1:<port> token <token>}
   */
  public static void run(Options options, PrintStream out)
      throws IOException, InterruptedException {
    FakeTailscaled fake = start(options, out);
    Runtime.getRuntime().addShutdownHook(new Thread(fake::close, "fake-tailscaled-shutdown"));
    fake.join();
  }

  /** {@link #run} without blocking, for tests of the process mode. */
  static FakeTailscaled start(Options options, PrintStream out) throws IOException {
    FakeTailnet tailnet =
        options.tailnetFile() == null
            ? FakeTailnet.example()
            : FakeTailnet.load(options.tailnetFile());
    FakeTailscaled fake =
        FakeTailscaled.builder()
            .tailnet(tailnet)
            .socketPath(options.socket())
            .certLifetime(options.certLifetime())
            .backlog(options.backlog())
            .start();
    if (!options.whoisLatency().isZero()) {
      fake.faults().slow(options.whoisLatency(), LocalApiRoute.WHOIS);
    }
    if (options.rootCaOut() != null) {
      TestCertificateAuthority ca = fake.ca();
      Files.writeString(options.rootCaOut(), ca.rootPem(), StandardCharsets.US_ASCII);
    }
    out.println("fake-tailscaled listening on " + fake.socketPath());
    if (options.tcp()) {
      TcpEndpoint endpoint = fake.startTcp();
      out.println(
          "fake-tailscaled tcp 127.0.0.1:" + endpoint.port() + " token " + endpoint.token());
    }
    out.flush();
    return fake;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      fail("missing value for " + args[i - 1]);
    }
    return args[i];
  }

  private static void fail(String message) {
    System.err.println(message);
    System.err.println(USAGE);
    System.exit(2);
  }
}
