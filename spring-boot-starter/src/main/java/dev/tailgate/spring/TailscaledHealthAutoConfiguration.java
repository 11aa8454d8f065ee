package dev.tailgate.spring;

import dev.tailgate.servlet.FilterSettings;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/** With Actuator: a health indicator for the tailscaled the filter asks (whois mode). */
@AutoConfiguration(after = TailgateAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(FilterSettings.class)
@ConditionalOnProperty(
    prefix = "tailgate",
    name = "mode",
    havingValue = "whois",
    matchIfMissing = true)
public class TailscaledHealthAutoConfiguration {

  @Bean(name = "tailscaled")
  public TailscaledHealthIndicator tailscaledHealthIndicator(FilterSettings settings) {
    return new TailscaledHealthIndicator(settings);
  }
}
