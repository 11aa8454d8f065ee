package dev.tailgate.cli;

import dev.tailgate.certs.managed.ManagedDomain;
import dev.tailgate.certs.store.CertStore;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.syntax.ConfigException;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import dev.tailgate.localapi.cert.CertPair;
import dev.tailgate.server.md.config.MdConfig;
import dev.tailgate.server.runtime.StandardModules;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tailgate certs -c FILE}: the managed domains of a configuration, what is stored for each,
 * when it renews, and whether tailscaled can issue for it; for people, without touching the store.
 */
@Command(
    name = "certs",
    mixinStandardHelpOptions = true,
    description = {
      "Show the managed certificates of a configuration: stored certificate, renewal time, and",
      "whether tailscaled can issue for the name. Exit status 1 if any domain has no usable certificate."
    })
final class CertsCommand implements Callable<Integer> {

  @Option(
      names = {"-c", "--config"},
      required = true,
      paramLabel = "FILE",
      description = "the configuration file")
  Path config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    TailgateConfig loaded;
    try {
      loaded = StandardModules.loader().load(config);
    } catch (ConfigException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 1;
    }
    MdConfig md = MdConfig.of(loaded);
    LabelledLines out = new LabelledLines(spec.commandLine().getOut());
    if (md.isEmpty()) {
      out.line("managed", "(no MDomain in " + config + ")");
      out.flush();
      return 0;
    }
    CertStore store = new CertStore(md.settings().storeDir(), Clock.systemUTC());
    boolean allGood = true;
    for (ManagedDomain domain : md.domains()) {
      spec.commandLine().getOut().println(domain.name());
      out.line("  source", "tailscale (" + domain.socket() + ")");
      Optional<CertPair> stored = store.peek(domain.name());
      if (stored.isPresent()) {
        CertPair pair = stored.get();
        out.line(
            "  stored",
            "valid "
                + pair.notBefore()
                + " to "
                + pair.notAfter()
                + ", serial "
                + pair.leaf().getSerialNumber().toString(16));
        out.line(
            "  renews at",
            domain.renewWindow().startsAt(pair.notBefore(), pair.notAfter())
                + " (MDRenewWindow "
                + domain.renewWindow()
                + ")");
      } else {
        allGood = false;
        out.line(
            "  stored",
            "nothing usable in "
                + md.settings().storeDir()
                + "; tailgate fetches one when it runs");
      }
      out.line("  tailscaled", issuable(domain));
    }
    out.flush();
    return allGood ? 0 : 1;
  }

  private static String issuable(ManagedDomain domain) {
    try (LocalApiClient client = LocalApiClient.builder().socket(domain.socket()).build()) {
      List<String> names = client.certDomains();
      if (names.contains(domain.name())) {
        return "can issue for " + domain.name();
      }
      return names.isEmpty()
          ? "has no certificate domains: turn on MagicDNS and HTTPS Certificates in the admin console"
          : "cannot issue for " + domain.name() + "; it can for: " + String.join(", ", names);
    } catch (LocalApiException e) {
      return "not reachable: " + e.getMessage();
    }
  }
}
