package dev.tailgate.cli.doctor;

import dev.tailgate.localapi.AccessDeniedException;
import dev.tailgate.localapi.DaemonUnavailableException;
import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import dev.tailgate.localapi.cert.CertPair;
import dev.tailgate.localapi.model.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tailscaled half of {@code tailgate doctor}, in the order a person would fix things: the
 * socket, the daemon's state, HTTPS certificates in the tailnet, and whether this user may fetch
 * one (by fetching one, the only test tailscaled's permission model allows).
 */
public final class TailscaledChecks {
  static final String ADMIN_DNS = "https://login.tailscale.com/admin/dns";

  private final Optional<Path> socket;
  private final Duration certTimeout;
  private Status status;

  /**
   * @param socket {@code --socket}; empty to find tailscaled as the tailscale CLI does
   * @param certTimeout how long the test fetch may take (a first issuance runs ACME)
   */
  public TailscaledChecks(Optional<Path> socket, Duration certTimeout) {
    this.socket = socket;
    this.certTimeout = certTimeout;
  }

  /** tailscaled's status, once {@link #run} reached it. */
  public Optional<Status> status() {
    return Optional.ofNullable(status);
  }

  public List<Finding> run() {
    List<Finding> findings = new ArrayList<>();
    LocalApiClient.Builder builder = LocalApiClient.builder().certTimeout(certTimeout);
    socket.ifPresent(builder::socket);
    try (LocalApiClient client = builder.build()) {
      try {
        status = client.statusWithoutPeers();
      } catch (LocalApiException e) {
        findings.add(unreachable(e));
        skipRest(findings);
        return findings;
      }
      findings.add(Finding.ok("tailscaled socket", "reachable at " + client.endpoint().describe()));
      findings.add(state(status));
      if (!status.isRunning()) {
        findings.add(Finding.skipped("HTTPS certificates", "tailscaled is not running"));
        findings.add(Finding.skipped("certificate access", "tailscaled is not running"));
        return findings;
      }
      if (status.certDomains().isEmpty()) {
        findings.add(
            Finding.problem(
                "HTTPS certificates",
                "the tailnet hands out no certificates (CertDomains is empty)",
                "turn on MagicDNS and HTTPS Certificates at " + ADMIN_DNS));
        findings.add(Finding.skipped("certificate access", "no certificate domains"));
        return findings;
      }
      findings.add(
          Finding.ok(
              "HTTPS certificates",
              "tailscaled can issue for " + String.join(", ", status.certDomains())));
      findings.add(certificateAccess(client, status.certDomains().get(0)));
    } catch (LocalApiException e) {
      findings.add(unreachable(e));
      skipRest(findings);
    }
    return findings;
  }

  private static Finding unreachable(LocalApiException e) {
    if (e instanceof AccessDeniedException) {
      return Finding.problem(
          "tailscaled socket",
          e.getMessage(),
          "run as root or as tailscaled's operator (`sudo tailscale set --operator=$USER`)");
    }
    String fix =
        e instanceof DaemonUnavailableException
            ? "start tailscaled (`sudo systemctl enable --now tailscaled`), or name its socket with"
                + " --socket (AuthTailscaleURL and MDCertificateAuthority in the configuration)"
            : "check that the socket belongs to tailscaled";
    return Finding.problem("tailscaled socket", e.getMessage(), fix);
  }

  private static void skipRest(List<Finding> findings) {
    for (String check : List.of("tailscaled state", "HTTPS certificates", "certificate access")) {
      findings.add(Finding.skipped(check, "tailscaled is not reachable"));
    }
  }

  private static Finding state(Status status) {
    String detail = status.backendState().name() + ", version " + status.version();
    return switch (status.backendState()) {
      case Running -> Finding.ok("tailscaled state", detail);
      case NeedsLogin ->
          Finding.problem(
              "tailscaled state",
              detail,
              status.authUrl().isEmpty()
                  ? "log in: `sudo tailscale up`"
                  : "log in at " + status.authUrl() + " (or `sudo tailscale up`)");
      case NeedsMachineAuth ->
          Finding.problem("tailscaled state", detail, "approve this machine in the admin console");
      case Stopped -> Finding.problem("tailscaled state", detail, "`sudo tailscale up`");
      default ->
          Finding.problem(
              "tailscaled state",
              detail,
              "wait until tailscaled is Running, then run doctor again");
    };
  }

  private static Finding certificateAccess(LocalApiClient client, String domain) {
    try {
      CertPair pair = client.certPair(domain, Duration.ZERO);
      return Finding.ok(
          "certificate access", "fetched " + domain + ", valid until " + pair.notAfter());
    } catch (AccessDeniedException e) {
      String user = System.getProperty("user.name");
      return Finding.problem(
          "certificate access",
          "tailscaled refuses certificates to " + user + ": " + e.getMessage(),
          "let "
              + user
              + " fetch them: add TS_PERMIT_CERT_UID="
              + user
              + " to tailscaled's environment (/etc/default/tailscaled on Debian) and `sudo"
              + " systemctl restart tailscaled`, or `sudo tailscale set --operator="
              + user
              + "`");
    } catch (LocalApiException e) {
      return Finding.problem(
          "certificate access",
          "fetching " + domain + " failed: " + e.getMessage(),
          "see the message; `tailscale cert " + domain + "` shows the same from the CLI");
    }
  }
}
