package dev.tailgate.server.auth;

import dev.tailgate.localapi.BadResponseException;
import dev.tailgate.localapi.LocalApiException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;

/**
 * Says once what to check when tailscaled cannot be reached, then at most every {@link
 * #QUIET_NANOS} with the number of requests refused meanwhile: an outage under load must not flood
 * the log, but the log must never go quiet while it lasts.
 */
final class OutageLog {
  private static final long QUIET_NANOS = 10_000_000_000L;
  private final Logger log;
  private final AtomicLong lastNanos = new AtomicLong(System.nanoTime() - QUIET_NANOS - 1);
  private final AtomicLong suppressed = new AtomicLong();

  OutageLog(Logger log) {
    this.log = log;
  }

  /**
   * Says what went wrong in the words that send the reader to the right place: a daemon that did
   * not answer is "unreachable"; one that answered something tailgate cannot use (a whois without
   * {@code Node}, garbage) is a different problem, and "unreachable" would be a lie.
   */
  void failed(String where, LocalApiException cause, String request) {
    long now = System.nanoTime();
    long last = lastNanos.get();
    if (now - last > QUIET_NANOS && lastNanos.compareAndSet(last, now)) {
      long others = suppressed.getAndSet(0);
      String more =
          others == 0 ? "" : " (" + others + " more requests refused since the last report)";
      if (cause instanceof BadResponseException) {
        log.error(
            "503 for {}: tailscaled at {} answered, but not usably: {}; this tailgate expects what current"
                + " tailscaled sends (a whois answer always has Node and UserProfile){}",
            request,
            where,
            cause.getMessage(),
            more);
      } else {
        log.error(
            "503 for {}: tailscaled at {} is unreachable ({}); check that tailscaled is running"
                + " (systemctl status tailscaled), that AuthTailscaleURL names its socket, and that tailgate's user may"
                + " read it{}",
            request,
            where,
            cause.getMessage(),
            more);
      }
    } else {
      suppressed.incrementAndGet();
    }
  }
}
