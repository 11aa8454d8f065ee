package dev.tailgate.server.md;

import dev.tailgate.certs.managed.DurationText;
import dev.tailgate.certs.managed.ManagedDomain;
import dev.tailgate.certs.managed.ManagerSettings;
import dev.tailgate.certs.managed.RenewWindow;
import dev.tailgate.server.config.model.TailgateConfig;
import dev.tailgate.server.config.model.VirtualHost;
import dev.tailgate.server.config.syntax.ConfigNode;
import dev.tailgate.server.config.syntax.DirectiveNode;
import dev.tailgate.server.config.syntax.ProblemCollector;
import dev.tailgate.server.config.syntax.SectionNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Compiles mod_md's directives into {@link MdConfig}, refusing at load what mod_md accepts and then
 * never completes: a tailscale MDomain with two names, an alias tailscaled cannot issue for, an ACME
 * CA URL leaking into a tailscale domain, a protocol name in the wrong case.
 */
public final class MdConfigCompiler {
  /** tailscaled's socket when MDCertificateAuthority is omitted (mod_md's default for tailscale). */
  public static final Path DEFAULT_SOCKET = Path.of("/var/run/tailscale/tailscaled.sock");

  private static final RenewWindow DEFAULT_RENEW = RenewWindow.percent(33);
  private static final RenewWindow DEFAULT_WARN = RenewWindow.percent(10);
  private static final Duration DEFAULT_RETRY = Duration.ofSeconds(5);
  private static final Duration DEFAULT_CHECK = Duration.ofHours(12);

  private MdConfigCompiler() {}

  /** Compiles; problems go to {@code problems} and the result then holds what could be read. */
  public static MdConfig compile(TailgateConfig config, ProblemCollector problems) {
    DomainSettings global = new DomainSettings();
    Path store = config.serverRoot().resolve("md");
    Duration retry = DEFAULT_RETRY;
    Duration check = DEFAULT_CHECK;
    List<String> messageCmd = List.of();
    List<String> notifyCmd = List.of();
    boolean certificateStatus = true;
    List<Declared> declared = new ArrayList<>();

    for (ConfigNode node : config.serverDirectives()) {
      String name = node.name().toLowerCase(Locale.ROOT);
      if (node instanceof SectionNode section && name.equals("mdomain")) {
        DomainSettings own = new DomainSettings();
        for (ConfigNode child : section.children()) {
          own.apply(child, problems);
        }
        declared.add(new Declared(section, names(section, problems), own));
        continue;
      }
      switch (name) {
        case "mdomain" -> declared.add(new Declared(node, names(node, problems), new DomainSettings()));
        case "mdstoredir" -> store = config.serverRoot().resolve(node.args().get(0));
        case "mdretrydelay" -> retry = duration(node, problems).orElse(retry);
        case "mdcheckinterval" -> check = duration(node, problems).orElse(check);
        case "mdmessagecmd" -> messageCmd = node.args();
        case "mdnotifycmd" -> notifyCmd = node.args();
        case "mdcertificatestatus" -> certificateStatus = onOff(node, problems);
        default -> global.apply(node, problems);
      }
    }

    Map<String, DomainSettings> vhostSettings = vhostSettings(config, problems);
    List<ManagedDomain> domains = new ArrayList<>();
    Map<String, MdConfig.RequireHttps> requireHttps = new HashMap<>();
    boolean sawAuto = false;
    for (Declared d : declared) {
      if (d.names().isEmpty()) {
        continue;
      }
      if (d.names().get(0).equals(MdConfig.AUTO)) {
        if (sawAuto) {
          problems.add(d.node().at(), d.node().displayName(), "only one MDomain may be auto: a node has one name",
              "name the other domains explicitly");
          continue;
        }
        sawAuto = true;
      }
      String domain = d.names().get(0);
      DomainSettings effective = global.overriddenBy(vhostSettings.getOrDefault(domain, new DomainSettings())).overriddenBy(d.settings());
      String protocol = effective.protocol.orElse("ACME");
      if (!protocol.equals("tailscale")) {
        problems.add(d.node().at(), d.node().displayName(),
            protocol.equalsIgnoreCase("tailscale")
                ? "protocol names are case-sensitive, as in mod_md: '" + protocol + "' is not 'tailscale'"
                : "MDomain " + domain + " uses protocol " + protocol + ", which tailgate does not support yet",
            "write MDCertificateProtocol tailscale inside <MDomain " + domain + ">");
        continue;
      }
      if (d.names().size() > 1) {
        problems.add(d.node().at(), d.node().displayName(),
            "a tailscale MDomain has exactly one name, because tailscaled issues certificates only for this node's name; got "
                + String.join(", ", d.names()),
            "write one <MDomain> per name, each with its own certificate");
        continue;
      }
      Path socket = socket(effective, d, problems);
      domains.add(new ManagedDomain(domain, socket, effective.renew.orElse(DEFAULT_RENEW),
          effective.warn.orElse(DEFAULT_WARN), d.node().at().toString()));
      requireHttps.put(domain, effective.requireHttps.orElse(MdConfig.RequireHttps.OFF));
      if (!domain.equals(MdConfig.AUTO)) {
        checkAliases(config, domain, d.node(), problems);
      }
    }
    return new MdConfig(domains, new ManagerSettings(store, retry, check, messageCmd, notifyCmd), requireHttps, certificateStatus);
  }

  /** A vhost whose ServerName is the managed name must not also answer to names tailscaled cannot issue for. */
  private static void checkAliases(TailgateConfig config, String domain, ConfigNode at, ProblemCollector problems) {
    for (VirtualHost vhost : config.virtualHosts()) {
      if (vhost.host().serverName().map(n -> n.equalsIgnoreCase(domain)).orElse(false) && vhost.host().tls().engine()
          && vhost.host().tls().certificateFile().isEmpty()) {
        for (String alias : vhost.host().serverAliases()) {
          problems.add(vhost.at(), "ServerAlias",
              "the certificate of " + vhost.describe() + " comes from the tailscale MDomain " + domain
                  + " (" + at.at() + "), which cannot cover the alias " + alias,
              "serve " + alias + " from its own <VirtualHost> with its own certificate, or remove the alias");
        }
      }
    }
  }

  private static Path socket(DomainSettings settings, Declared d, ProblemCollector problems) {
    if (settings.authority.isEmpty()) {
      return DEFAULT_SOCKET;
    }
    DirectiveNode node = settings.authority.get();
    if (node.args().size() != 1) {
      problems.add(node.at(), node.name(), "a tailscale MDomain takes one tailscaled socket, got " + node.args().size() + " values",
          "write MDCertificateAuthority file:///var/run/tailscale/tailscaled.sock");
      return DEFAULT_SOCKET;
    }
    Optional<Path> path = socketPath(node.args().get(0));
    if (path.isEmpty()) {
      problems.add(node.at(), node.name(),
          "'" + node.args().get(0) + "' is not a tailscaled socket for MDomain " + d.names().get(0)
              + (node.args().get(0).contains("://") ? " (an ACME CA URL cannot serve a tailscale domain)" : ""),
          "write a socket path or file URL, e.g. MDCertificateAuthority file:///var/run/tailscale/tailscaled.sock,"
              + " inside the <MDomain> so a global ACME CA does not apply to it");
      return DEFAULT_SOCKET;
    }
    return path.get();
  }

  /**
   * The blog's bare path, {@code file:///path} and {@code file://localhost/path}; anything else is
   * not a socket. (mod_md refused the bare path; the seed uses it, so we accept it on purpose.)
   */
  public static Optional<Path> socketPath(String value) {
    if (value.startsWith("/")) {
      return Optional.of(Path.of(value));
    }
    try {
      URI uri = new URI(value);
      if (!"file".equalsIgnoreCase(uri.getScheme())) {
        return Optional.empty();
      }
      String host = uri.getHost();
      if (host != null && !host.isEmpty() && !host.equalsIgnoreCase("localhost")) {
        return Optional.empty();
      }
      return uri.getPath() == null || uri.getPath().isEmpty() ? Optional.empty() : Optional.of(Path.of(uri.getPath()));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static Map<String, DomainSettings> vhostSettings(TailgateConfig config, ProblemCollector problems) {
    Map<String, DomainSettings> byName = new LinkedHashMap<>();
    for (VirtualHost vhost : config.virtualHosts()) {
      DomainSettings settings = new DomainSettings();
      vhost.host().rawDirectives().stream().filter(n -> n.name().toLowerCase(Locale.ROOT).startsWith("md"))
          .forEach(n -> settings.apply(n, problems));
      vhost.host().serverName().ifPresent(name -> byName.put(name.toLowerCase(Locale.ROOT), settings));
    }
    return byName;
  }

  private static List<String> names(ConfigNode node, ProblemCollector problems) {
    List<String> names = new ArrayList<>();
    for (String arg : node.args()) {
      String lower = arg.toLowerCase(Locale.ROOT);
      if (lower.equals("auto") && node.args().size() == 1) {
        return List.of(MdConfig.AUTO);
      }
      if (lower.equals("auto") || lower.equals("manual")) {
        if (node.args().size() == 1) {
          problems.add(node.at(), node.displayName(), "'" + arg + "' alone is not a domain name",
              "name the node's certificate domain, e.g. <MDomain vps.your-tailnet.ts.net> (see `tailgate status`)");
        }
        continue;
      }
      if (!lower.matches("[a-z0-9*]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
        problems.add(node.at(), node.displayName(), "'" + arg + "' is not a DNS name", "write the full name, e.g. vps.your-tailnet.ts.net");
        continue;
      }
      names.add(lower);
    }
    return names;
  }

  private static Optional<Duration> duration(ConfigNode node, ProblemCollector problems) {
    try {
      return Optional.of(DurationText.parse(node.args().get(0)));
    } catch (IllegalArgumentException e) {
      problems.add(node.at(), node.name(), e.getMessage());
      return Optional.empty();
    }
  }

  private static boolean onOff(ConfigNode node, ProblemCollector problems) {
    String value = node.args().get(0).toLowerCase(Locale.ROOT);
    if (!value.equals("on") && !value.equals("off")) {
      problems.add(node.at(), node.name(), "'" + node.args().get(0) + "' is neither on nor off", "write " + node.name() + " on|off");
    }
    return value.equals("on");
  }

  private record Declared(ConfigNode node, List<String> names, DomainSettings settings) {}

  /** Per-domain settings as written in one scope; empty means "not set here". */
  private static final class DomainSettings {
    Optional<String> protocol = Optional.empty();
    Optional<DirectiveNode> authority = Optional.empty();
    Optional<RenewWindow> renew = Optional.empty();
    Optional<RenewWindow> warn = Optional.empty();
    Optional<MdConfig.RequireHttps> requireHttps = Optional.empty();

    void apply(ConfigNode node, ProblemCollector problems) {
      if (!(node instanceof DirectiveNode directive)) {
        return;
      }
      switch (node.name().toLowerCase(Locale.ROOT)) {
        case "mdcertificateprotocol" -> protocol = Optional.of(node.args().get(0));
        case "mdcertificateauthority" -> authority = Optional.of(directive);
        case "mdrenewwindow" -> renew = window(node, problems);
        case "mdwarnwindow" -> warn = window(node, problems);
        case "mdrequirehttps" -> requireHttps = requireHttps(node, problems);
        default -> { }
      }
    }

    DomainSettings overriddenBy(DomainSettings later) {
      DomainSettings merged = new DomainSettings();
      merged.protocol = later.protocol.or(() -> protocol);
      merged.authority = later.authority.or(() -> authority);
      merged.renew = later.renew.or(() -> renew);
      merged.warn = later.warn.or(() -> warn);
      merged.requireHttps = later.requireHttps.or(() -> requireHttps);
      return merged;
    }

    private static Optional<RenewWindow> window(ConfigNode node, ProblemCollector problems) {
      try {
        return Optional.of(RenewWindow.parse(node.args().get(0)));
      } catch (IllegalArgumentException e) {
        problems.add(node.at(), node.name(), e.getMessage(), "write a duration (30d) or a percentage of the lifetime (33%)");
        return Optional.empty();
      }
    }

    private static Optional<MdConfig.RequireHttps> requireHttps(ConfigNode node, ProblemCollector problems) {
      switch (node.args().get(0).toLowerCase(Locale.ROOT)) {
        case "off":
          return Optional.of(MdConfig.RequireHttps.OFF);
        case "temporary":
          return Optional.of(MdConfig.RequireHttps.TEMPORARY);
        case "permanent":
          return Optional.of(MdConfig.RequireHttps.PERMANENT);
        default:
          problems.add(node.at(), node.name(), "'" + node.args().get(0) + "' is not off, temporary or permanent");
          return Optional.empty();
      }
    }
  }
}
