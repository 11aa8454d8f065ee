package dev.tailgate.config;

import dev.tailgate.config.model.AccessLog;
import dev.tailgate.config.model.CertificateNamer;
import dev.tailgate.config.model.Described;
import dev.tailgate.config.model.DirSettings;
import dev.tailgate.config.model.HeaderAction;
import dev.tailgate.config.model.HostConfig;
import dev.tailgate.config.model.Listener;
import dev.tailgate.config.model.LocationSection;
import dev.tailgate.config.model.ModuleValues;
import dev.tailgate.config.model.ProxyRule;
import dev.tailgate.config.model.RedirectRule;
import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.config.model.VirtualHost;
import dev.tailgate.config.model.VirtualHostAddress;
import dev.tailgate.config.syntax.SourceLocation;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Renders a valid config for {@code tailgate check}: what will listen, which hosts answer to which
 * names, what each location does, and which domains get managed certificates, each with the line it
 * came from, so the admin can compare intent and effect.
 */
public final class ConfigSummary {

  private final TailgateConfig config;
  private final StringBuilder out = new StringBuilder();

  private ConfigSummary(TailgateConfig config) {
    this.config = config;
  }

  public static String render(TailgateConfig config) {
    return new ConfigSummary(config).render();
  }

  private String render() {
    line(0, "Configuration " + config.mainFile() + " is valid.");
    listeners();
    virtualHosts();
    mainServer();
    results();
    return out.toString();
  }

  private void listeners() {
    line(0, "");
    line(0, "Listeners:");
    for (Listener listener : config.listeners()) {
      line(
          1,
          listener
              + (listener.implicit()
                  ? "  (implicit: the config has no Listen)"
                  : "  (" + listener.at() + ")"));
    }
    for (var unix : config.unixListeners()) {
      line(1, unix + " http  (" + unix.at() + ")");
    }
  }

  private void virtualHosts() {
    line(0, "");
    if (config.virtualHosts().isEmpty()) {
      line(0, "Virtual hosts: none");
      return;
    }
    line(0, "Virtual hosts:");
    Set<String> claimed = new HashSet<>();
    for (VirtualHost vhost : config.virtualHosts()) {
      List<String> addresses =
          vhost.addresses().stream().map(VirtualHostAddress::toString).toList();
      boolean isDefault = addresses.stream().anyMatch(claimed::add);
      line(
          1,
          vhost.describe()
              + "  ("
              + vhost.at()
              + ")"
              + (isDefault ? "  default for " + String.join(" ", addresses) : ""));
      host(vhost.host(), 2);
    }
  }

  private void mainServer() {
    HostConfig main = config.mainServer().host();
    if (!config.virtualHosts().isEmpty()
        && main.locations().isEmpty()
        && main.serverName().isEmpty()) {
      return;
    }
    line(0, "");
    line(0, "Main server (answers connections no virtual host is bound to):");
    host(main, 1);
  }

  private void host(HostConfig host, int depth) {
    line(depth, "ServerName " + host.serverName().orElse("(not set)"));
    if (!host.serverAliases().isEmpty()) {
      line(depth, "ServerAlias " + String.join(" ", host.serverAliases()));
    }
    line(depth, "TLS " + tls(host));
    host.documentRoot().ifPresent(root -> line(depth, "DocumentRoot " + root));
    for (ProxyRule rule : host.proxyRules()) {
      line(
          depth,
          "ProxyPass "
              + rule.path()
              + " -> "
              + rule.target().map(Object::toString).orElse("! (not proxied)")
              + "  ("
              + rule.at()
              + ")");
    }
    line(
        depth,
        "Timeout "
            + seconds(host.timeout())
            + ", KeepAliveTimeout "
            + seconds(host.keepAliveTimeout())
            + ", ProxyTimeout "
            + seconds(host.proxyTimeout()));
    line(depth, "ErrorLog " + host.errorLog());
    for (AccessLog log : host.accessLogs()) {
      line(
          depth,
          "CustomLog " + log.target() + " " + log.nickname().orElse("\"" + log.format() + "\""));
    }
    settings(host.base(), depth);
    described(host.modules(), depth);
    for (LocationSection section : host.locations()) {
      line(depth, section.describe() + "  (" + section.at() + ")");
      settings(section.settings(), depth + 1);
    }
  }

  private String tls(HostConfig host) {
    if (!host.tls().engine()) {
      return "off";
    }
    if (host.tls().certificateFile().isPresent()) {
      return "on, certificate "
          + host.tls().certificateFile().get()
          + host.tls()
              .certificateKeyFile()
              .map(k -> ", key " + k)
              .orElse(" (key in the same file)");
    }
    return host.serverName().map(this::managedDomainFor).orElseGet(this::unnamedHostCertificate);
  }

  private String unnamedHostCertificate() {
    for (Object result : config.modules().values()) {
      if (result instanceof CertificateNamer namer) {
        Optional<String> source = namer.certificateForUnnamedHost();
        if (source.isPresent()) {
          return "on, certificate from " + source.get();
        }
      }
    }
    return "on, no certificate configured (needs SSLCertificateFile or an MDomain)";
  }

  private String managedDomainFor(String name) {
    for (Object result : config.modules().values()) {
      if (result instanceof CertificateNamer namer) {
        Optional<String> source = namer.certificateFor(name);
        if (source.isPresent()) {
          return "on, certificate from " + source.get();
        }
      }
    }
    return "on, no certificate configured (needs SSLCertificateFile or an MDomain for "
        + name
        + ")";
  }

  private void settings(DirSettings settings, int depth) {
    settings
        .proxyPass()
        .ifPresent(
            p ->
                line(
                    depth,
                    "ProxyPass "
                        + p.target().map(Object::toString).orElse("! (not proxied)")
                        + at(p.at())));
    settings.proxyPassReverse().ifPresent(uri -> line(depth, "ProxyPassReverse " + uri));
    settings
        .preserveHost()
        .ifPresent(on -> line(depth, "ProxyPreserveHost " + (on ? "on" : "off")));
    for (HeaderAction action : settings.requestHeaders()) {
      line(depth, "RequestHeader " + header(action));
    }
    for (HeaderAction action : settings.responseHeaders()) {
      line(depth, "Header " + (action.always() ? "always " : "") + header(action));
    }
    for (RedirectRule rule : settings.redirects()) {
      line(
          depth,
          "Redirect "
              + rule.status()
              + " "
              + (rule.path().isEmpty() ? "(matching paths)" : rule.path())
              + rule.target().map(t -> " -> " + t).orElse("")
              + at(rule.at()));
    }
    settings
        .directoryIndex()
        .ifPresent(index -> line(depth, "DirectoryIndex " + String.join(" ", index)));
    settings.handler().ifPresent(handler -> line(depth, "SetHandler " + handler));
    described(settings.modules(), depth);
  }

  private static String header(HeaderAction action) {
    return action.op().name().toLowerCase(Locale.ROOT)
        + " "
        + action.name()
        + action.value().map(v -> " \"" + v + "\"").orElse("");
  }

  /** The features' own lines for a scope, in their words. */
  private void described(ModuleValues modules, int depth) {
    for (Object value : modules.values()) {
      if (value instanceof Described described) {
        described.describe().forEach(text -> line(depth, text));
      }
    }
  }

  /** What the features compiled from the whole configuration (the managed domains). */
  private void results() {
    for (Object result : config.modules().values()) {
      if (result instanceof Described described) {
        line(0, "");
        described.describe().forEach(text -> line(0, text));
      }
    }
  }

  private static String at(SourceLocation at) {
    return "  (" + at + ")";
  }

  private static String seconds(java.time.Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + "s"
        : duration.toMillis() + "ms";
  }

  private void line(int depth, String text) {
    out.append("  ".repeat(depth)).append(text).append('\n');
  }
}
