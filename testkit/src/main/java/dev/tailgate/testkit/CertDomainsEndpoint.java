package dev.tailgate.testkit;

import dev.tailgate.testkit.go.GoJson;
import java.util.List;

/**
 * {@code GET /localapi/v0/cert-domains} (v1.98+): the sorted CertDomains, {@code []} (never null)
 * when there are none, written by {@code json.Encoder} (compact, one newline).
 */
final class CertDomainsEndpoint implements Endpoint {
  @Override
  public Reply serve(ApiCall call) {
    List<String> domains = call.tailnet().certDomains().stream().sorted().toList();
    return Reply.ok("application/json", GoJson.compact(domains) + "\n");
  }
}
