package dev.tailgate.certs.managed;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * mod_md's {@code MDRenewWindow} / {@code MDWarnWindow}: either a share of the certificate's
 * lifetime ({@code 33%}, the last third) or a fixed time before expiry ({@code 30d}). A percentage
 * adapts when the CA changes lifetimes (90 days today, shorter soon), which is why it is mod_md's
 * default.
 */
public record RenewWindow(Optional<Integer> percent, Optional<Duration> beforeExpiry) {

  public static RenewWindow percent(int percent) {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("a percentage from 0 to 100, got " + percent);
    }
    return new RenewWindow(Optional.of(percent), Optional.empty());
  }

  public static RenewWindow before(Duration duration) {
    return new RenewWindow(Optional.empty(), Optional.of(duration));
  }

  /**
   * Reads {@code 33%}, {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s} or plain seconds.
   *
   * @throws IllegalArgumentException saying what to write instead
   */
  public static RenewWindow parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.endsWith("%")) {
      try {
        return percent(Integer.parseInt(value.substring(0, value.length() - 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not a percentage; write e.g. 33%");
      }
    }
    return before(DurationText.parse(text));
  }

  /**
   * When renewal should start for a certificate valid from {@code notBefore} to {@code notAfter}.
   */
  public Instant startsAt(Instant notBefore, Instant notAfter) {
    if (percent.isPresent()) {
      long lifetime = Duration.between(notBefore, notAfter).toSeconds();
      return notAfter.minusSeconds(lifetime * percent.get() / 100);
    }
    return notAfter.minus(beforeExpiry.orElseThrow());
  }

  @Override
  public String toString() {
    return percent
        .map(p -> p + "%")
        .orElseGet(() -> DurationText.format(beforeExpiry.orElseThrow()));
  }
}
