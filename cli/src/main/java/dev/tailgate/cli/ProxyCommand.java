package dev.tailgate.cli;

import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import dev.tailgate.localapi.model.Status;
import dev.tailgate.localapi.transport.UnixSocketEndpoint;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tailgate proxy --to URL}: the one-line front door, like {@code tailscale serve} or {@code
 * caddy reverse-proxy}. The host name comes from tailscaled's certificate domains; the command
 * writes the equivalent configuration file and runs it, so what it does is what {@code check} would
 * show, and {@code --print-config} gives a person the file to grow from.
 */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = {
      "Serve https://THIS-NODE.TAILNET.ts.net/ with a tailscale certificate and proxy it to URL.",
      "The name and certificate come from tailscaled; --require-user lets only those tailnet users in."
    })
final class ProxyCommand implements Callable<Integer> {

  @Option(
      names = "--to",
      required = true,
      paramLabel = "URL",
      description = "the backend, e.g. http://127.0.0.1:3000")
  URI to;

  @Option(
      names = "--require-user",
      paramLabel = "LOGIN",
      description =
          "a tailnet login to let in (repeatable); default: everyone who can reach the node")
  List<String> requireUsers = new ArrayList<>();

  @Option(
      names = "--port",
      defaultValue = "443",
      paramLabel = "PORT",
      description = "the HTTPS port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "also listen for plain HTTP on PORT and redirect it to HTTPS")
  Integer httpPort;

  @Option(
      names = "--name",
      paramLabel = "HOST",
      description = "the certificate domain to serve (default: tailscaled's first)")
  String name;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "where the generated configuration and certificates go (default: /var/lib/tailgate as root, else ~/.local/state/tailgate)")
  Path stateDir;

  @Option(
      names = "--print-config",
      description = "print the configuration this command would run, and exit")
  boolean printConfig;

  @Mixin LocalApiOptions localApi;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (to.getScheme() == null
        || !(to.getScheme().equals("http") || to.getScheme().equals("https"))
        || to.getHost() == null) {
      err.println(
          "tailgate: --to needs an http:// or https:// URL with a host, e.g. http://127.0.0.1:3000");
      return 2;
    }
    String host;
    Path socket;
    try (LocalApiClient client = localApi.client()) {
      if (!(client.endpoint() instanceof UnixSocketEndpoint unix)) {
        err.println(
            "tailgate: proxy needs tailscaled's unix socket; found "
                + client.endpoint().describe()
                + ". Name the socket with --socket");
        return 1;
      }
      socket = unix.path();
      Status status = client.statusWithoutPeers();
      if (status.certDomains().isEmpty()) {
        err.println(
            "tailgate: tailscaled has no certificate domains for this node: turn on MagicDNS and HTTPS"
                + " Certificates in the Tailscale admin console (DNS page), then retry");
        return 1;
      }
      host = name != null ? name : status.certDomains().get(0);
      if (!status.certDomains().contains(host)) {
        err.println(
            "tailgate: tailscaled cannot issue a certificate for "
                + host
                + "; it can for: "
                + String.join(", ", status.certDomains()));
        return 1;
      }
    } catch (LocalApiException e) {
      err.println("tailgate: " + e.getMessage());
      return 1;
    }
    Path state = stateDir != null ? stateDir : defaultStateDir();
    String text = configuration(host, socket, state);
    if (printConfig) {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
      return 0;
    }
    Files.createDirectories(state);
    Path file = state.resolve("proxy.conf");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    spec.commandLine()
        .getOut()
        .println(
            "serving https://"
                + host
                + (port == 443 ? "" : ":" + port)
                + "/ -> "
                + to
                + " (configuration: "
                + file
                + ")");
    spec.commandLine().getOut().flush();
    CommandLine run = new CommandLine(new RunCommand());
    run.setOut(spec.commandLine().getOut());
    run.setErr(err);
    return run.execute("-c", file.toString());
  }

  String configuration(String host, Path socket, Path state) {
    String backend = to.toString().endsWith("/") ? to.toString() : to + "/";
    StringBuilder conf =
        new StringBuilder()
            .append(
                "# Written by `tailgate proxy`; run it yourself with `tailgate run -c <this file>`.\n")
            .append("Listen ")
            .append(port)
            .append(" https\n");
    if (httpPort != null) {
      conf.append("Listen ").append(httpPort).append('\n');
    }
    conf.append("MDStoreDir ")
        .append(state.resolve("md"))
        .append('\n')
        .append("AuthTailscaleURL ")
        .append(socket)
        .append("\n\n")
        .append("<MDomain ")
        .append(host)
        .append(">\n")
        .append("  MDCertificateProtocol tailscale\n")
        .append("  MDCertificateAuthority ")
        .append(socket)
        .append('\n')
        .append(httpPort != null ? "  MDRequireHttps permanent\n" : "")
        .append("</MDomain>\n\n")
        .append("<VirtualHost *:")
        .append(port)
        .append(">\n")
        .append("  ServerName ")
        .append(host)
        .append('\n')
        .append("  SSLEngine on\n")
        .append("  ProxyPass / ")
        .append(backend)
        .append('\n')
        .append("  ProxyPassReverse / ")
        .append(backend)
        .append('\n');
    if (!requireUsers.isEmpty()) {
      conf.append("  <Location />\n")
          .append("    AuthType tailscale\n")
          .append("    Require tailscale-user ")
          .append(String.join(" ", requireUsers))
          .append('\n')
          .append("  </Location>\n");
    }
    conf.append("</VirtualHost>\n");
    if (httpPort != null) {
      conf.append("\n<VirtualHost *:")
          .append(httpPort)
          .append(">\n")
          .append("  ServerName ")
          .append(host)
          .append('\n')
          .append("</VirtualHost>\n");
    }
    return conf.toString();
  }

  private static Path defaultStateDir() {
    boolean root = "root".equals(System.getProperty("user.name"));
    return root
        ? Path.of("/var/lib/tailgate")
        : Path.of(System.getProperty("user.home"), ".local", "state", "tailgate");
  }
}
