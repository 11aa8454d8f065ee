package dev.tailgate.cli;

import dev.tailgate.cli.doctor.ConfigChecks;
import dev.tailgate.cli.doctor.Finding;
import dev.tailgate.cli.doctor.TailscaledChecks;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.syntax.ConfigException;
import dev.tailgate.server.auth.compile.TailscaleServerSettings;
import dev.tailgate.server.md.config.MdConfig;
import dev.tailgate.server.runtime.StandardModules;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tailgate doctor}: what stands between this machine and a working tailgate, each problem
 * with the command that fixes it.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Check tailscaled (socket, state, HTTPS certificates, certificate access) and, with -c, the",
      "configuration (names, listen ports, certificate store, stored certificates).",
      "Exit status: 0 when all is well, 1 when something needs fixing."
    })
final class DoctorCommand implements Callable<Integer> {

  @Option(
      names = "--socket",
      paramLabel = "PATH",
      description =
          "tailscaled's LocalAPI socket (default: the configuration's, else found as the tailscale"
              + " CLI finds it)")
  Path socket;

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "also check this configuration")
  Path config;

  @Option(
      names = "--cert-timeout",
      paramLabel = "SECONDS",
      description = "how long the test certificate fetch may take (default 300: a first issuance)")
  long certTimeoutSeconds = 300;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    List<Finding> findings = new ArrayList<>();
    Optional<Path> chosen = Optional.ofNullable(socket);
    TailgateConfig loaded = null;
    if (config != null) {
      try {
        loaded = StandardModules.loader().load(config);
      } catch (ConfigException e) {
        findings.add(
            new Finding(
                "configuration",
                Finding.Verdict.PROBLEM,
                e.getMessage(),
                "correct the line it names; `tailgate check -c " + config + "` says the same"));
      }
    }
    if (chosen.isEmpty() && loaded != null) {
      chosen = configuredSocket(loaded);
    }
    TailscaledChecks tailscaled =
        new TailscaledChecks(chosen, Duration.ofSeconds(certTimeoutSeconds));
    findings.addAll(tailscaled.run());
    if (loaded != null) {
      findings.add(new Finding("configuration", Finding.Verdict.OK, config + " loads", ""));
      findings.addAll(new ConfigChecks(loaded, tailscaled.status(), Clock.systemUTC()).run());
    }
    print(findings, spec.commandLine().getOut());
    return findings.stream().anyMatch(Finding::isProblem) ? 1 : 0;
  }

  /**
   * The socket the configuration talks to: its managed domains' {@code MDCertificateAuthority},
   * else the main server's {@code AuthTailscaleURL}; empty to find tailscaled as the CLI does.
   */
  private static Optional<Path> configuredSocket(TailgateConfig config) {
    return MdConfig.of(config).domains().stream()
        .flatMap(domain -> domain.tailscaleSocket().stream())
        .findFirst()
        .or(
            () ->
                config
                    .mainServer()
                    .host()
                    .modules()
                    .get(TailscaleServerSettings.KEY)
                    .flatMap(settings -> settings.site().socket()));
  }

  private static void print(List<Finding> findings, PrintWriter out) {
    for (Finding finding : findings) {
      out.printf(
          "%-8s %s: %s%n",
          finding.verdict().name().toLowerCase(Locale.ROOT), finding.check(), finding.detail());
      if (!finding.fix().isEmpty()) {
        out.printf("%-8s fix: %s%n", "", finding.fix());
      }
    }
    long problems = findings.stream().filter(Finding::isProblem).count();
    out.println(problems == 0 ? "all is well" : problems + " problem(s) to fix");
    out.flush();
  }
}
