package dev.tailgate.spring;

import java.util.Locale;
import org.springframework.boot.cloud.CloudPlatform;
import org.springframework.core.env.Environment;

/**
 * Refuses to start when the container rewrites the client address from {@code X-Forwarded-For} /
 * {@code Forwarded} ({@code server.forward-headers-strategy=native|framework}, which Spring Boot
 * also turns on by itself on Kubernetes and other platforms). The filter asks tailscaled about the
 * address the servlet API reports: rewritten from a header, any client could name another tailnet
 * node, or a trusted proxy's address.
 */
final class ForwardedHeaders {
  private ForwardedHeaders() {}

  static void refuse(Environment environment) {
    String strategy =
        environment.getProperty("server.forward-headers-strategy", "").toLowerCase(Locale.ROOT);
    CloudPlatform platform = CloudPlatform.getActive(environment);
    boolean rewritten =
        strategy.equals("native")
            || strategy.equals("framework")
            || (strategy.isEmpty() && platform != null && platform.isUsingForwardHeaders());
    if (rewritten) {
      throw new IllegalStateException(
          "tailgate: the client address would be taken from X-Forwarded-For/Forwarded headers"
              + " (server.forward-headers-strategy"
              + (strategy.isEmpty() ? " defaults to native on " + platform : "=" + strategy)
              + "), so a client could claim any tailnet address; set"
              + " server.forward-headers-strategy=none (in trusted-proxy mode tailgate reads the"
              + " proxy's identity headers instead)");
    }
  }
}
