package dev.tailgate.config.modules;

import dev.tailgate.config.DirectiveCall;
import java.util.Locale;
import java.util.Optional;

/** httpd's FLAG arguments: {@code on} or {@code off}, any case. */
public final class OnOff {

  private OnOff() {}

  public static Optional<Boolean> parse(DirectiveCall call, String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "on":
        return Optional.of(true);
      case "off":
        return Optional.of(false);
      default:
        call.problem(
            "expects on or off, got \"" + value + "\"",
            "write " + call.node().name() + " on or " + call.node().name() + " off");
        return Optional.empty();
    }
  }
}
