package dev.tailgate.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The request as the application sees it: {@code getRemoteUser()} is the tailnet login (tagged
 * devices have none unless they count as users), {@code getUserPrincipal()} the {@link
 * TailscalePrincipal}, {@code isUserInRole} answers for tags and capability grants, {@code
 * getAuthType()} is {@code tailscale}; and identity headers a client sent are gone, in every
 * spelling a framework might read (case, {@code _} for {@code -}).
 */
final class TailscaleRequest extends HttpServletRequestWrapper {
  static final String AUTH_TYPE = "tailscale";

  private final TailscalePrincipal principal;
  private final String remoteUser;
  private final Set<String> hidden;
  private final Set<String> shown;

  /**
   * @param principal null when nobody is known
   * @param remoteUser null when there is no user (a stranger, a tagged device)
   * @param hidden identity header names, folded (lower case, {@code _} as {@code -})
   * @param shown of those, the ones a trusted proxy vouched for, in their canonical spelling only
   *     (lower case); empty when the request did not come from one
   */
  TailscaleRequest(
      HttpServletRequest request,
      TailscalePrincipal principal,
      String remoteUser,
      Set<String> hidden,
      Set<String> shown) {
    super(request);
    this.principal = principal;
    this.remoteUser = remoteUser;
    this.hidden = hidden;
    this.shown = shown;
    if (principal != null) {
      request.setAttribute(TailscalePrincipal.ATTRIBUTE, principal);
    }
  }

  @Override
  public String getRemoteUser() {
    return remoteUser;
  }

  @Override
  public Principal getUserPrincipal() {
    return principal;
  }

  @Override
  public boolean isUserInRole(String role) {
    return principal != null && principal.has(role);
  }

  @Override
  public String getAuthType() {
    return principal == null ? null : AUTH_TYPE;
  }

  private boolean isHidden(String name) {
    return hidden.contains(fold(name)) && !shown.contains(name.toLowerCase(Locale.ROOT));
  }

  static String fold(String name) {
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String getHeader(String name) {
    return isHidden(name) ? null : super.getHeader(name);
  }

  @Override
  public Enumeration<String> getHeaders(String name) {
    return isHidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
  }

  @Override
  public Enumeration<String> getHeaderNames() {
    List<String> names = Collections.list(super.getHeaderNames());
    names.removeIf(this::isHidden);
    return Collections.enumeration(names);
  }

  @Override
  public long getDateHeader(String name) {
    return isHidden(name) ? -1 : super.getDateHeader(name);
  }

  @Override
  public int getIntHeader(String name) {
    return isHidden(name) ? -1 : super.getIntHeader(name);
  }
}
