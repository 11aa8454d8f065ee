package dev.tailgate.servlet;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;

/** What an application sees of the caller, one fact per line, through the standard APIs only. */
final class WhoAmIServlet extends HttpServlet {
  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setContentType("text/plain");
    StringBuilder out = new StringBuilder();
    out.append("user=").append(request.getRemoteUser()).append('\n');
    out.append("principal=")
        .append(request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName())
        .append('\n');
    out.append("authType=").append(request.getAuthType()).append('\n');
    out.append("tag:ci=").append(request.isUserInRole("tag:ci")).append('\n');
    out.append("cap:admin=").append(request.isUserInRole("example.com/cap/admin")).append('\n');
    if (request.getUserPrincipal() instanceof TailscalePrincipal principal) {
      out.append("node=").append(principal.nodeName()).append('\n');
      out.append("name=").append(principal.displayName()).append('\n');
    }
    for (String name : Collections.list(request.getHeaderNames())) {
      if (name.toLowerCase().replace('_', '-').startsWith("tailscale-")) {
        out.append("header ").append(name).append('=').append(request.getHeader(name)).append('\n');
      }
    }
    response.getWriter().write(out.toString());
  }
}
