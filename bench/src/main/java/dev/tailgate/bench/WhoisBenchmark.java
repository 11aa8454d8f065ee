package dev.tailgate.bench;

import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.model.WhoIs;
import dev.tailgate.testkit.FakeTailnet;
import dev.tailgate.testkit.FakeTailscaled;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One whois round trip over a real unix socket to the fake tailscaled: request, tailscaled's JSON,
 * parsing into {@link WhoIs}. The figure is an upper bound on the client's cost, since it includes
 * the daemon's own time; it is what an uncached identity lookup costs a connection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WhoisBenchmark {
  private FakeTailscaled fake;
  private LocalApiClient client;
  private InetSocketAddress peer;

  @Setup(Level.Trial)
  public void start() throws Exception {
    fake = FakeTailscaled.start(FakeTailnet.example());
    client = LocalApiClient.builder().socket(fake.socketPath()).build();
    peer = new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 40000);
  }

  /** The fake records every request for tests; keep that memory out of the measurement. */
  @Setup(Level.Iteration)
  public void forgetRequests() {
    fake.requests().clear();
  }

  @TearDown(Level.Trial)
  public void stop() {
    client.close();
    fake.close();
  }

  @Benchmark
  public Optional<WhoIs> whois() throws Exception {
    return client.whois(peer);
  }
}
