package dev.tailgate.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * With Spring Security on the class path: every {@code SecurityFilterChain} the application builds
 * (Spring Security 7 applies {@code Customizer<HttpSecurity>} beans to each) authenticates tailnet
 * callers with {@link TailscaleAuthenticationFilter}, just before the anonymous fallback.
 */
@AutoConfiguration(after = TailgateAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(HttpSecurity.class)
@ConditionalOnProperty(prefix = "tailgate", name = "enabled", matchIfMissing = true)
public class TailgateSecurityAutoConfiguration {

  @Bean
  public Customizer<HttpSecurity> tailgateHttpSecurity() {
    return http ->
        http.addFilterBefore(
            new TailscaleAuthenticationFilter(), AnonymousAuthenticationFilter.class);
  }
}
