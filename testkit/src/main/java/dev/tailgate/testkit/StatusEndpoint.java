package dev.tailgate.testkit;

import dev.tailgate.testkit.go.GoJson;
import dev.tailgate.testkit.go.GoStrconv;

/**
 * {@code GET /localapi/v0/status[?peers=false]} (spec §4). {@code peers} is read with Go's {@code
 * strconv.ParseBool}, so {@code 0}, {@code f} and {@code False} turn peers off while anything
 * unparsable keeps them on. The body ends with one newline ({@code json.Encoder}).
 */
final class StatusEndpoint implements Endpoint {
  private final StatusJson json;

  StatusEndpoint(String version) {
    this.json = new StatusJson(version);
  }

  @Override
  public Reply serve(ApiCall call) {
    TailnetSnapshot tailnet = call.tailnet();
    boolean withPeers = GoStrconv.parseBoolOr(call.param("peers"), true);
    Object body = tailnet.loggedIn() ? json.running(tailnet, withPeers) : json.needsLogin(tailnet);
    return Reply.ok("application/json", GoJson.indent(body) + "\n");
  }
}
