package dev.tailgate.cli;

import dev.tailgate.certs.acme.AcmeAccounts;
import dev.tailgate.certs.managed.Issuer;
import dev.tailgate.certs.managed.ManagedDomain;
import dev.tailgate.certs.ocsp.OcspAnswers;
import dev.tailgate.certs.ocsp.OcspClient;
import dev.tailgate.certs.ocsp.OcspException;
import dev.tailgate.certs.ocsp.OcspStaple;
import dev.tailgate.certs.store.CertStore;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.syntax.ConfigException;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import dev.tailgate.localapi.cert.CertPair;
import dev.tailgate.server.md.config.MdConfig;
import dev.tailgate.server.runtime.StandardModules;
import java.io.IOException;
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
      out.line("  source", domain.issuer().protocol() + " (" + domain.issuer().location() + ")");
      if (domain.names().size() > 1) {
        out.line("  names", String.join(", ", domain.names()));
      }
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
        if (md.stapling(domain.name())) {
          out.line("  ocsp", stapled(store, domain.name(), pair));
        }
      } else {
        allGood = false;
        out.line(
            "  stored",
            "nothing usable in "
                + md.settings().storeDir()
                + "; tailgate fetches one when it runs");
      }
      if (domain.tailscaleSocket().isPresent()) {
        out.line("  tailscaled", issuable(domain, domain.tailscaleSocket().get()));
      } else {
        out.line("  account", account(md, domain));
      }
    }
    out.flush();
    return allGood ? 0 : 1;
  }

  /** {@code MDStapling on}: the stored OCSP answer for the stored certificate, as checked now. */
  private static String stapled(CertStore store, String domain, CertPair pair) {
    Optional<java.net.URI> responder = OcspClient.responderOf(pair.leaf());
    if (responder.isEmpty() || pair.chain().size() < 2) {
      return "the certificate names no OCSP responder: nothing to staple";
    }
    Optional<byte[]> answer = store.loadStaple(domain, pair.leaf().getSerialNumber());
    if (answer.isEmpty()) {
      return "nothing stored; tailgate asks " + responder.get() + " when it runs";
    }
    try {
      OcspStaple staple =
          OcspAnswers.check(
              answer.get(), pair.leaf(), pair.chain().get(1), Clock.systemUTC().instant());
      return staple.status().word()
          + ", stapled until "
          + staple.nextUpdate()
          + ", asked again from "
          + staple.refreshAt();
    } catch (OcspException e) {
      return "the stored answer is not usable ("
          + e.getMessage()
          + "); tailgate asks "
          + responder.get()
          + " again";
    }
  }

  /** The stored ACME account for the domain's CA, if one was created. */
  private static String account(MdConfig md, ManagedDomain domain) {
    Issuer.Acme acme = (Issuer.Acme) domain.issuer();
    try {
      return new AcmeAccounts(md.settings().storeDir())
          .describe(acme.directory())
          .orElse("none yet; tailgate creates one with " + acme.directory() + " when it runs");
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  private static String issuable(ManagedDomain domain, Path socket) {
    try (LocalApiClient client = LocalApiClient.builder().socket(socket).build()) {
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
