package dev.tailgate.server.auth.compile;

import dev.tailgate.auth.compile.ProblemSink;
import dev.tailgate.config.syntax.ConfigNode;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code RemoteIPProxyProtocol On|Off [port…]}: which listeners expect a PROXY protocol (v1 or v2)
 * header, as sent by {@code tailscale serve --tcp … --proxy-protocol} or a TCP load balancer. The
 * address in the header then is the client, for whois and for {@code Require ip}. Named after
 * mod_remoteip's directive; tailgate applies it per listener port because its listeners, not its
 * virtual hosts, own connections. The last line wins.
 */
public final class ProxyProtocolSetting {
  private ProxyProtocolSetting() {}

  /** Reads one directive; reports and returns empty when it is wrong. */
  public static Optional<ProxyProtocolPorts> parse(ConfigNode node, ProblemSink problems) {
    String flag = node.args().get(0).toLowerCase(Locale.ROOT);
    if (!flag.equals("on") && !flag.equals("off")) {
      problems.problem(
          node,
          "expects On or Off, got \"" + node.args().get(0) + "\"",
          "write RemoteIPProxyProtocol On (every listener) or RemoteIPProxyProtocol On 8443 (that listener)");
      return Optional.empty();
    }
    if (flag.equals("off") && node.args().size() > 1) {
      problems.problem(
          node, "Off takes no ports", "list the ports that expect PROXY headers after On");
      return Optional.empty();
    }
    Set<Integer> ports = new HashSet<>();
    for (String port : node.args().subList(1, node.args().size())) {
      if (!port.matches("\\d{1,5}")
          || Integer.parseInt(port) < 1
          || Integer.parseInt(port) > 65535) {
        problems.problem(
            node, "\"" + port + "\" is not a port", "write the port of a Listen line, e.g. 8443");
        return Optional.empty();
      }
      ports.add(Integer.parseInt(port));
    }
    return Optional.of(new ProxyProtocolPorts(flag.equals("on"), ports));
  }
}
