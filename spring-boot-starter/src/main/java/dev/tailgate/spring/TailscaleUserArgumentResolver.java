package dev.tailgate.spring;

import dev.tailgate.servlet.TailscalePrincipal;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Gives controllers a {@link TailscaleUser} parameter: the caller the filter identified, or null
 * when nobody is known (a path without rules, a stranger).
 */
final class TailscaleUserArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return parameter.getParameterType() == TailscaleUser.class;
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest request,
      WebDataBinderFactory binderFactory) {
    Object principal =
        request.getAttribute(TailscalePrincipal.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    return principal instanceof TailscalePrincipal known ? TailscaleUser.of(known) : null;
  }
}
