package dev.tailgate.server.status;

import dev.tailgate.certs.managed.DomainStatus;
import dev.tailgate.server.auth.RecentDenials;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * The status page for people: one HTML page, readable at a glance and without JavaScript, with the
 * managed certificates, identity (cache and watch), the latest refusals, and what is served where.
 * Every value is escaped: peer addresses, paths and reasons come from clients.
 */
public final class StatusPage {
  private static final String STYLE =
      "body{font:15px/1.4 system-ui,sans-serif;margin:2em;color:#222;max-width:72em}"
          + "h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ddd}"
          + "table{border-collapse:collapse;width:100%}td,th{padding:4px 10px;text-align:left;"
          + "vertical-align:top;border-bottom:1px solid #eee}th{background:#f6f6f6}"
          + ".ok{color:#17692a}.warn{color:#8a5a00}.bad{color:#a4161a;font-weight:600}"
          + "small{color:#666}.empty{color:#666;font-style:italic}";

  private StatusPage() {}

  /** The whole page ({@code server-status}). */
  public static String render(ServerStatus status) {
    StringBuilder html = head(status);
    certificates(html, status);
    identity(html, status);
    denials(html, status.denials());
    served(html, status);
    return html.append("</body></html>\n").toString();
  }

  /**
   * The certificates only ({@code md-status} for browsers): a location set up for certificate
   * status must not start showing peers, paths and refusals.
   */
  public static String renderCertificates(ServerStatus status) {
    StringBuilder html = head(status);
    certificates(html, status);
    return html.append("</body></html>\n").toString();
  }

  private static StringBuilder head(ServerStatus status) {
    return new StringBuilder(4096)
        .append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width\">")
        .append("<title>tailgate status</title><style>")
        .append(STYLE)
        .append("</style></head><body>\n<h1>tailgate status</h1>\n<p><small>as of ")
        .append(time(status.at()))
        .append("</small></p>\n");
  }

  private static void certificates(StringBuilder html, ServerStatus status) {
    html.append("<h2 id=\"certificates\">Managed certificates</h2>\n");
    if (status.domains().isEmpty()) {
      html.append("<p class=\"empty\">No MDomain is configured.</p>\n");
      return;
    }
    html.append(
        "<table><tr><th>domain</th><th>state</th><th>valid until</th><th>renews at</th>"
            + "<th>next action</th><th>last problem</th></tr>\n");
    for (DomainStatus d : status.domains()) {
      String state = d.state().name().toLowerCase(Locale.ROOT);
      html.append("<tr class=\"domain\"><td>")
          .append(escape(d.name()))
          .append("<br><small>")
          .append(escape(d.protocol() + " (" + d.source() + ")"))
          .append("</small></td><td class=\"")
          .append(d.lastProblem().isPresent() ? "warn" : "ok")
          .append("\">")
          .append(state)
          .append("</td><td>")
          .append(d.certificate().map(c -> expiry(c.validUntil(), status.at())).orElse("-"))
          .append("</td><td>")
          .append(d.renewAt().map(StatusPage::time).orElse("-"))
          .append("</td><td>")
          .append(d.nextRun().map(r -> "check at " + time(r)).orElse("-"))
          .append("</td><td>")
          .append(
              d.lastProblem()
                  .map(
                      p ->
                          escape(p)
                              + (d.errors() > 1
                                  ? " <small>(" + d.errors() + " times)</small>"
                                  : ""))
                  .orElse("-"))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static String expiry(Instant until, Instant now) {
    long days = Duration.between(now, until).toDays();
    String css = until.isBefore(now) ? "bad" : days < 7 ? "warn" : "ok";
    return "<span class=\""
        + css
        + "\">"
        + time(until)
        + "</span><br><small>"
        + days
        + " days</small>";
  }

  private static void identity(StringBuilder html, ServerStatus status) {
    html.append("<h2 id=\"identity\">Identity</h2>\n");
    if (!status.authentication()) {
      html.append("<p class=\"empty\">tailscale authentication is not in use.</p>\n");
      return;
    }
    String watch =
        status
            .watchLive()
            .map(
                live ->
                    live
                        ? "<span class=\"ok\">live</span>: removed devices and changed grants take"
                            + " effect at once"
                        : "<span class=\"bad\">lost</span>: identities expire strictly at"
                            + " AuthTailscaleCacheTimeout until it is back")
            .orElse("<span class=\"empty\">not started (no identity looked up yet)</span>");
    html.append("<table><tr><th>tailscaled change watch</th><td id=\"watch\">")
        .append(watch)
        .append("</td></tr><tr><th>peers with a cached identity</th><td id=\"cached-peers\">")
        .append(status.cachedPeers())
        .append("</td></tr></table>\n");
  }

  private static void denials(StringBuilder html, List<RecentDenials.Denial> denials) {
    html.append("<h2 id=\"denials\">Recent refusals</h2>\n");
    if (denials.isEmpty()) {
      html.append("<p class=\"empty\">None since tailgate started.</p>\n");
      return;
    }
    html.append(
        "<table><tr><th>when</th><th>status</th><th>who</th><th>where</th><th>why</th></tr>\n");
    for (RecentDenials.Denial d : denials) {
      html.append("<tr class=\"denial\"><td>")
          .append(time(d.at()))
          .append("</td><td>")
          .append(d.status())
          .append("</td><td>")
          .append(escape(d.who()))
          .append("</td><td>")
          .append(escape(d.what()))
          .append("</td><td>")
          .append(escape(d.reason()))
          .append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static void served(StringBuilder html, ServerStatus status) {
    html.append("<h2 id=\"served\">Listeners and virtual hosts</h2>\n<table>");
    for (String listener : status.listeners()) {
      html.append("<tr class=\"listener\"><th>Listen</th><td>")
          .append(escape(listener))
          .append("</td></tr>");
    }
    for (String vhost : status.virtualHosts()) {
      html.append("<tr class=\"vhost\"><th>VirtualHost</th><td>")
          .append(escape(vhost))
          .append("</td></tr>");
    }
    html.append("</table>\n");
  }

  /** UTC to the second, as people read it: {@code 2026-12-01 16:21:51Z}. */
  static String time(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ');
  }

  static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
