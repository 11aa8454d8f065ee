package dev.tailgate.spring;

import java.util.ArrayList;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A caller the tailgate filter identified, as Spring Security's {@code Authentication}: the
 * principal is the {@link TailscaleUser}, the authorities are the device's tags ({@code tag:ci})
 * and capability grants ({@code example.com/cap/admin}), so {@code hasAuthority('tag:ci')} works in
 * {@code authorizeHttpRequests} and {@code @PreAuthorize}.
 */
public final class TailscaleAuthentication extends AbstractAuthenticationToken {
  private final TailscaleUser user;

  public TailscaleAuthentication(TailscaleUser user) {
    super(authorities(user));
    this.user = user;
    setAuthenticated(true);
  }

  static List<GrantedAuthority> authorities(TailscaleUser user) {
    List<GrantedAuthority> authorities = new ArrayList<>();
    user.tags().forEach(tag -> authorities.add(new SimpleGrantedAuthority(tag)));
    user.capabilities().keySet().forEach(cap -> authorities.add(new SimpleGrantedAuthority(cap)));
    return authorities;
  }

  /**
   * The login, or the node name for a tagged device: {@code getRemoteUser()} under Spring Security.
   */
  @Override
  public String getName() {
    return user.getName();
  }

  @Override
  public Object getCredentials() {
    return "";
  }

  @Override
  public TailscaleUser getPrincipal() {
    return user;
  }
}
