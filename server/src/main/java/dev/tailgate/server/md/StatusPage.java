package dev.tailgate.server.md;

import dev.tailgate.certs.managed.DomainStatus;
import java.util.List;

/** The status page for people: each managed domain, its state and what happens next. */
final class StatusPage {
  private StatusPage() {}

  static String render(List<DomainStatus> domains) {
    StringBuilder html =
        new StringBuilder(
            "<!DOCTYPE html>\n<html><head><title>tailgate: managed certificates</title>"
                + "<style>body{font-family:sans-serif}td,th{padding:4px 10px;text-align:left;vertical-align:top}</style>"
                + "</head><body><h1>Managed certificates</h1>\n<table>\n"
                + "<tr><th>domain</th><th>source</th><th>state</th><th>valid until</th><th>renews at</th><th>next action</th></tr>\n");
    for (DomainStatus d : domains) {
      html.append("<tr><td>")
          .append(escape(d.name()))
          .append("</td><td>")
          .append(escape(d.protocol()))
          .append(" (")
          .append(escape(d.source()))
          .append(")")
          .append("</td><td>")
          .append(d.state().name().toLowerCase(java.util.Locale.ROOT))
          .append(d.lastProblem().map(p -> "<br><small>" + escape(p) + "</small>").orElse(""))
          .append("</td><td>")
          .append(d.certificate().map(c -> c.validUntil().toString()).orElse("-"))
          .append("</td><td>")
          .append(d.renewAt().map(Object::toString).orElse("-"))
          .append("</td><td>")
          .append(d.nextRun().map(r -> "check at " + r).orElse("-"))
          .append("</td></tr>\n");
    }
    return html.append("</table></body></html>\n").toString();
  }

  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
