package dev.tailgate.cli;

import dev.tailgate.localapi.IpnBusStream;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import dev.tailgate.localapi.model.CurrentTailnet;
import dev.tailgate.localapi.model.Status;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code tailgate status}: this node as tailgate sees it, above all which names it can get
 * certificates for.
 */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Show this node's tailscale state: name, addresses, tailnet and certificate domains.",
      "Exit status: 0 running, 1 tailscaled is not logged in or not running, 3 tailscaled could not answer."
    })
final class StatusCommand implements Callable<Integer> {

  @Mixin LocalApiOptions localApi;

  @Spec CommandSpec spec;

  /**
   * Whether tailscaled takes a {@code watch-ipn-bus} subscription, which is how a running tailgate
   * learns at once that a peer was removed or its grants changed.
   */
  private static String changeWatch(LocalApiClient client) {
    try (IpnBusStream stream = client.watchIpnBus(2)) {
      return "available (a running tailgate learns of removed peers and changed grants at once)";
    } catch (LocalApiException e) {
      return "unavailable: "
          + e.getMessage()
          + " (identities then expire strictly at AuthTailscaleCacheTimeout)";
    }
  }

  @Override
  public Integer call() {
    LabelledLines out = new LabelledLines(spec.commandLine().getOut());
    try (LocalApiClient client = localApi.client()) {
      Status status = client.statusWithoutPeers();
      out.line("state", status.backendState().name());
      out.line("node", status.self().dnsName().isEmpty() ? "(none)" : status.self().dnsName());
      out.line("addresses", String.join(", ", status.tailscaleIps()));
      out.line("tailnet", status.tailnet().map(CurrentTailnet::name).orElse("(none)"));
      out.line("magicdns", status.magicDnsSuffix().isEmpty() ? "(none)" : status.magicDnsSuffix());
      out.line(
          "tags",
          status.self().tags().isEmpty() ? "(none)" : String.join(", ", status.self().tags()));
      out.line(
          "cert domains",
          status.certDomains().isEmpty()
              ? "(none: enable MagicDNS and HTTPS Certificates in the admin console)"
              : String.join(", ", status.certDomains()));
      out.line("version", status.version());
      out.line("change watch", changeWatch(client));
      status.health().forEach(h -> out.line("health", h));
      if (!status.authUrl().isEmpty()) {
        out.line("log in at", status.authUrl());
      }
      out.flush();
      return status.isRunning() ? 0 : 1;
    } catch (LocalApiException e) {
      spec.commandLine().getErr().println("tailgate: " + e.getMessage());
      return 3;
    }
  }
}
