package dev.tailgate.spring;

import dev.tailgate.servlet.TailscalePrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Pre-authentication inside Spring Security's chain: a request the tailgate filter identified is
 * authenticated as its {@link TailscaleUser} (unless something else already authenticated it); a
 * request from nobody stays anonymous, and the application's rules decide.
 */
public final class TailscaleAuthenticationFilter extends OncePerRequestFilter {
  private final SecurityContextHolderStrategy contexts =
      SecurityContextHolder.getContextHolderStrategy();

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Authentication current = contexts.getContext().getAuthentication();
    if ((current == null || current instanceof AnonymousAuthenticationToken)
        && request.getAttribute(TailscalePrincipal.ATTRIBUTE) instanceof TailscalePrincipal who) {
      SecurityContext context = contexts.createEmptyContext();
      context.setAuthentication(new TailscaleAuthentication(TailscaleUser.of(who)));
      contexts.setContext(context);
    }
    chain.doFilter(request, response);
  }
}
