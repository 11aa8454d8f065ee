package dev.tailgate.spring;

import dev.tailgate.localapi.LocalApiClient;
import dev.tailgate.localapi.LocalApiException;
import dev.tailgate.localapi.model.Status;
import dev.tailgate.servlet.FilterSettings;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * {@code /actuator/health/tailscaled}: UP while tailscaled is running (with its version, this
 * node's name and certificate domains), OUT_OF_SERVICE while it is logged out or stopped, DOWN when
 * it cannot be reached (with what to check).
 */
public final class TailscaledHealthIndicator extends AbstractHealthIndicator {
  private final FilterSettings settings;

  public TailscaledHealthIndicator(FilterSettings settings) {
    super("tailscaled health check failed");
    this.settings = settings;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    LocalApiClient.Builder client =
        LocalApiClient.builder().requestTimeout(settings.whoisTimeout());
    settings.socket().ifPresent(client::socket);
    try (LocalApiClient tailscaled = client.build()) {
      Status status = tailscaled.statusWithoutPeers();
      (status.isRunning() ? builder.up() : builder.outOfService())
          .withDetail("state", status.backendState().name())
          .withDetail("version", status.version())
          .withDetail("node", status.self().dnsName())
          .withDetail("certDomains", status.certDomains());
    } catch (LocalApiException e) {
      builder.down().withDetail("state", "unreachable").withDetail("error", e.getMessage());
    }
  }
}
