package dev.tailgate.cli;

import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import dev.tailgate.localapi.PeerAddress;
import dev.tailgate.localapi.model.WhoIs;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tailgate whois ADDR}: what tailgate's auth would learn about a connection from ADDR. */
@Command(
    name = "whois",
    mixinStandardHelpOptions = true,
    description = {
      "Ask tailscaled who is connecting from ADDR, as tailgate does for each connection.",
      "Exit status: 0 a tailnet peer, 1 not a tailnet peer, 3 tailscaled could not answer."
    })
final class WhoisCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "ADDR",
      converter = PeerAddressConverter.class,
      description = "IP, IP:PORT or [IPv6]:PORT, e.g. 100.101.42.7:51234")
  InetSocketAddress address;

  @Mixin LocalApiOptions localApi;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (LocalApiClient client = localApi.client()) {
      Optional<WhoIs> whois = client.whois(address);
      if (whois.isEmpty()) {
        spec.commandLine()
            .getErr()
            .println(
                PeerAddress.format(address)
                    + " is not a tailnet peer (tailscaled has no match for it)");
        return 1;
      }
      new IdentityPrinter(out).print(PeerAddress.format(address), whois.get());
      return 0;
    } catch (LocalApiException e) {
      spec.commandLine().getErr().println("tailgate: " + e.getMessage());
      return 3;
    }
  }
}
