package dev.tailgate.server.cli;

import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import dev.tailgate.localapi.model.CurrentTailnet;
import dev.tailgate.localapi.model.Status;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tailgate status}: this node as tailgate sees it, above all which names it can get certificates for. */
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

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (LocalApiClient client = localApi.client()) {
      Status status = client.statusWithoutPeers();
      line(out, "state", status.backendState().name());
      line(out, "node", status.self().dnsName().isEmpty() ? "(none)" : status.self().dnsName());
      line(out, "addresses", String.join(", ", status.tailscaleIps()));
      line(out, "tailnet", status.tailnet().map(CurrentTailnet::name).orElse("(none)"));
      line(out, "magicdns", status.magicDnsSuffix().isEmpty() ? "(none)" : status.magicDnsSuffix());
      line(out, "tags", status.self().tags().isEmpty() ? "(none)" : String.join(", ", status.self().tags()));
      line(out, "cert domains", status.certDomains().isEmpty()
          ? "(none: enable MagicDNS and HTTPS Certificates in the admin console)"
          : String.join(", ", status.certDomains()));
      line(out, "version", status.version());
      status.health().forEach(h -> line(out, "health", h));
      if (!status.authUrl().isEmpty()) {
        line(out, "log in at", status.authUrl());
      }
      out.flush();
      return status.isRunning() ? 0 : 1;
    } catch (LocalApiException e) {
      spec.commandLine().getErr().println("tailgate: " + e.getMessage());
      return 3;
    }
  }

  private static void line(PrintWriter out, String label, String value) {
    out.printf("%-13s %s%n", label, value);
  }
}
