package dev.tailgate.server.md;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailgate.certs.managed.DomainStatus;
import dev.tailgate.certs.ocsp.Stapler;
import java.util.List;

/**
 * mod_md's {@code md-status} JSON for our domains, with its field names where they apply ({@code
 * name}, {@code domains}, {@code ca.proto}, {@code state}, {@code cert.valid}, {@code renew-at},
 * {@code renewal.errors}/{@code last}/{@code next-run}), so existing monitoring keeps parsing it.
 */
final class MdStatusJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MdStatusJson() {}

  static String render(List<DomainStatus> domains) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("managed-domains");
    domains.forEach(d -> list.add(domain(d)));
    return write(root);
  }

  static String render(DomainStatus status) {
    return write(domain(status));
  }

  /** {@code /.httpd/certificate-status}: only public facts about the served certificate. */
  static String certificateStatus(DomainStatus status) {
    ObjectNode root = JSON.createObjectNode();
    status
        .certificate()
        .ifPresent(
            c -> {
              ObjectNode valid = root.putObject("valid");
              valid.put("from", c.validFrom().toString());
              valid.put("until", c.validUntil().toString());
              root.put("serial", c.serial());
              root.put("sha256-fingerprint", c.sha256Fingerprint());
            });
    return write(root);
  }

  private static ObjectNode domain(DomainStatus d) {
    ObjectNode node = JSON.createObjectNode();
    node.put("name", d.name());
    ArrayNode names = node.putArray("domains");
    d.names().forEach(names::add);
    ObjectNode ca = node.putObject("ca");
    ca.put("proto", d.protocol());
    ca.put("url", d.source().startsWith("/") ? "file://" + d.source() : d.source());
    node.put("state", d.state().name().toLowerCase(java.util.Locale.ROOT));
    d.certificate()
        .ifPresent(
            c -> {
              ObjectNode cert = node.putObject("cert");
              ObjectNode valid = cert.putObject("valid");
              valid.put("from", c.validFrom().toString());
              valid.put("until", c.validUntil().toString());
              cert.put("serial", c.serial());
              cert.put("sha256-fingerprint", c.sha256Fingerprint());
            });
    d.renewAt().ifPresent(r -> node.put("renew-at", r.toString()));
    d.warnAt().ifPresent(w -> node.put("warn-at", w.toString()));
    ObjectNode renewal = node.putObject("renewal");
    renewal.put("errors", d.errors());
    d.lastProblem().ifPresent(p -> renewal.putObject("last").put("problem", p));
    d.lastRun().ifPresent(r -> renewal.put("last-run", r.toString()));
    d.nextRun().ifPresent(r -> renewal.put("next-run", r.toString()));
    ArrayNode log = renewal.putArray("log");
    d.log().forEach(log::add);
    node.put("stapling", d.stapling().isPresent());
    d.stapling().ifPresent(s -> node.set("ocsp", ocsp(s)));
    return node;
  }

  /** OCSP stapling: the stapled answer's facts, and how asking for the next one goes. */
  private static ObjectNode ocsp(Stapler.Status s) {
    ObjectNode node = JSON.createObjectNode();
    s.responder().ifPresent(r -> node.put("url", r.toString()));
    s.staple()
        .ifPresent(
            staple -> {
              node.put("status", staple.status().word());
              ObjectNode valid = node.putObject("valid");
              valid.put("from", staple.thisUpdate().toString());
              valid.put("until", staple.nextUpdate().toString());
              node.put("renew-at", staple.refreshAt().toString());
            });
    s.note().ifPresent(n -> node.put("note", n));
    ObjectNode renewal = node.putObject("renewal");
    renewal.put("errors", s.errors());
    s.lastProblem().ifPresent(p -> renewal.putObject("last").put("problem", p));
    s.nextRun().ifPresent(r -> renewal.put("next-run", r.toString()));
    return node;
  }

  private static String write(ObjectNode node) {
    try {
      return JSON.writeValueAsString(node) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
