package dev.tailgate.certs.events;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mod_md's event rate limits: a domain that stays in its warn window says {@code expiring} once a
 * day, and one that keeps failing says {@code errored} (or {@code ocsp-errored}) once an hour, not
 * at every retry, so a notification script does not flood an inbox.
 */
public final class EventThrottle {
  private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();
  private final Map<String, Duration> intervals;

  public EventThrottle(Map<String, Duration> intervals) {
    this.intervals = Map.copyOf(intervals);
  }

  public static EventThrottle modMdDefaults() {
    return new EventThrottle(
        Map.of(
            CertEvent.EXPIRING,
            Duration.ofDays(1),
            CertEvent.ERRORED,
            Duration.ofHours(1),
            CertEvent.OCSP_ERRORED,
            Duration.ofHours(1)));
  }

  /** Whether {@code event} may be sent now; records it when it may. */
  public boolean allow(CertEvent event) {
    Duration interval = intervals.get(event.name());
    if (interval == null) {
      return true;
    }
    String key = event.name() + " " + event.domain();
    Instant last = lastSent.get(key);
    if (last != null && event.at().isBefore(last.plus(interval))) {
      return false;
    }
    lastSent.put(key, event.at());
    return true;
  }

  /** After a success, the next failure is news again. */
  public void reset(String eventName, String domain) {
    lastSent.remove(eventName + " " + domain);
  }
}
