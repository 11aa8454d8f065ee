package dev.tailgate.certs.managed;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * mod_md's module-wide settings.
 *
 * @param retryDelay {@code MDRetryDelay}: the first wait after an error; doubled per failure,
 *     capped
 * @param checkInterval {@code MDCheckInterval}: how often a valid certificate is looked at again
 * @param messageCmd {@code MDMessageCmd} argv, empty when none; run as {@code cmd args… event
 *     domain}
 * @param notifyCmd {@code MDNotifyCmd} argv, empty when none; run as {@code cmd args… domain} after
 *     renewal
 */
public record ManagerSettings(
    Path storeDir,
    Duration retryDelay,
    Duration checkInterval,
    List<String> messageCmd,
    List<String> notifyCmd) {

  /** Errors back off up to this, so a broken setup is retried at least hourly. */
  public static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);

  public ManagerSettings {
    messageCmd = List.copyOf(messageCmd);
    notifyCmd = List.copyOf(notifyCmd);
  }
}
