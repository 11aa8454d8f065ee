package dev.tailgate.spring;

import dev.tailgate.auth.policy.TaggedDevices;
import dev.tailgate.servlet.FilterSettings;
import dev.tailgate.servlet.TailscaleFilter;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The filter for every request of a servlet application, configured from {@code tailgate.*}, ahead
 * of Spring Security's filter chain (so that chain sees the identity), and {@link TailscaleUser} as
 * a controller argument when Spring MVC is there.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(FilterRegistrationBean.class)
@ConditionalOnProperty(prefix = "tailgate", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(TailgateProperties.class)
public class TailgateAutoConfiguration {
  /** Before Spring Security's chain (-100), after anything that must see the raw request. */
  public static final int FILTER_ORDER = -200;

  @Bean
  @ConditionalOnMissingBean
  public FilterSettings tailgateFilterSettings(
      TailgateProperties properties, Environment environment) {
    ForwardedHeaders.refuse(environment);
    FilterSettings settings =
        FilterSettings.defaults()
            .withMode(properties.getMode())
            .withTrustedProxies(String.join(" ", properties.getTrustedProxies()))
            .withProxy(properties.getProxy())
            .withCache(properties.getCacheTimeout(), properties.getCacheGrace())
            .withWhoisTimeout(properties.getWhoisTimeout())
            .withTaggedDevices(
                properties.isTaggedAsUser() ? TaggedDevices.USERS : TaggedDevices.DEVICES)
            .withRules(properties.rulesText());
    return properties.getSocket() == null ? settings : settings.withSocket(properties.getSocket());
  }

  @Bean
  public FilterRegistrationBean<TailscaleFilter> tailgateFilter(FilterSettings settings) {
    FilterRegistrationBean<TailscaleFilter> registration =
        new FilterRegistrationBean<>(new TailscaleFilter(settings));
    registration.setName("tailgate");
    registration.setOrder(FILTER_ORDER);
    registration.setUrlPatterns(List.of("/*"));
    return registration;
  }

  /** {@link TailscaleUser} parameters in controllers. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(WebMvcConfigurer.class)
  static class MvcArguments {
    @Bean
    WebMvcConfigurer tailgateArguments() {
      return new WebMvcConfigurer() {
        @Override
        public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
          resolvers.add(new TailscaleUserArgumentResolver());
        }
      };
    }
  }
}
