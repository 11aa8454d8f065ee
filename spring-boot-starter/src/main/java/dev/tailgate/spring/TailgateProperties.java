package dev.tailgate.spring;

import dev.tailgate.servlet.Mode;
import dev.tailgate.servlet.ProxyKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code tailgate.*}: how the filter learns who calls and which paths need whom. Every property has
 * the servlet filter's default; rules are httpd's {@code Require} lines per path prefix.
 *
 * <pre>
 * tailgate.mode=whois                       # or trusted-proxy, behind tailgate or tailscale serve
 * tailgate.proxy=tailscale-serve            # trusted-proxy mode: or tailgate (also node, tags, grants)
 * tailgate.socket=/var/run/tailscale/tailscaled.sock
 * tailgate.rules[0].path=/admin
 * tailgate.rules[0].require=tailscale-user alice@github
 * tailgate.rules[1].path=/api
 * tailgate.rules[1].authenticate=true      # AuthType tailscale: 401 for strangers
 * tailgate.rules[1].require=valid-user
 * </pre>
 */
@ConfigurationProperties("tailgate")
public class TailgateProperties {
  /** Whether the filter is installed at all. */
  private boolean enabled = true;

  private Mode mode = Mode.WHOIS;

  /** tailscaled's socket; unset to find it as the tailscale CLI does. */
  private Path socket;

  /** Peers whose identity headers are believed in trusted-proxy mode. */
  private List<String> trustedProxies = new ArrayList<>(List.of("127.0.0.0/8", "::1"));

  /** In trusted-proxy mode, which proxy: tailscale-serve (user headers only) or tailgate. */
  private ProxyKind proxy = ProxyKind.TAILSCALE_SERVE;

  private Duration cacheTimeout = Duration.ofSeconds(1);
  private Duration cacheGrace = Duration.ofSeconds(30);
  private Duration whoisTimeout = Duration.ofSeconds(5);

  /** Whether a tagged device counts as the user {@code tagged-devices} (httpd's module). */
  private boolean taggedAsUser;

  private List<Rule> rules = new ArrayList<>();

  /** One path prefix and its rules. */
  public static class Rule {
    private String path;
    private List<String> require = new ArrayList<>();
    private boolean authenticate;

    public String getPath() {
      return path;
    }

    public void setPath(String path) {
      this.path = path;
    }

    /** {@code Require} lines without the word {@code Require}; any one granting is enough. */
    public List<String> getRequire() {
      return require;
    }

    public void setRequire(List<String> require) {
      this.require = require;
    }

    /** {@code AuthType tailscale}: a stranger gets 401 rather than 403. */
    public boolean isAuthenticate() {
      return authenticate;
    }

    public void setAuthenticate(boolean authenticate) {
      this.authenticate = authenticate;
    }
  }

  /** The rules as httpd's {@code <Location>} sections, which the filter compiles. */
  String rulesText() {
    StringBuilder text = new StringBuilder();
    for (Rule rule : rules) {
      text.append("<Location ").append(rule.getPath()).append(">\n");
      if (rule.isAuthenticate()) {
        text.append("  AuthType tailscale\n");
      }
      for (String line : rule.getRequire()) {
        text.append("  Require ").append(line).append('\n');
      }
      text.append("</Location>\n");
    }
    return text.toString();
  }

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Mode getMode() {
    return mode;
  }

  public void setMode(Mode mode) {
    this.mode = mode;
  }

  public Path getSocket() {
    return socket;
  }

  public void setSocket(Path socket) {
    this.socket = socket;
  }

  public List<String> getTrustedProxies() {
    return trustedProxies;
  }

  public void setTrustedProxies(List<String> trustedProxies) {
    this.trustedProxies = trustedProxies;
  }

  public ProxyKind getProxy() {
    return proxy;
  }

  public void setProxy(ProxyKind proxy) {
    this.proxy = proxy;
  }

  public Duration getCacheTimeout() {
    return cacheTimeout;
  }

  public void setCacheTimeout(Duration cacheTimeout) {
    this.cacheTimeout = cacheTimeout;
  }

  public Duration getCacheGrace() {
    return cacheGrace;
  }

  public void setCacheGrace(Duration cacheGrace) {
    this.cacheGrace = cacheGrace;
  }

  public Duration getWhoisTimeout() {
    return whoisTimeout;
  }

  public void setWhoisTimeout(Duration whoisTimeout) {
    this.whoisTimeout = whoisTimeout;
  }

  public boolean isTaggedAsUser() {
    return taggedAsUser;
  }

  public void setTaggedAsUser(boolean taggedAsUser) {
    this.taggedAsUser = taggedAsUser;
  }

  public List<Rule> getRules() {
    return rules;
  }

  public void setRules(List<Rule> rules) {
    this.rules = rules;
  }
}
