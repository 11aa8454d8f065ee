package dev.tailgate.config.modules;

import java.util.Optional;

/**
 * httpd treats {@code %} in header values as format specifiers ({@code %t}, {@code %{VAR}e} …).
 * tailgate sends values literally, so a specifier is an error (it would otherwise go out verbatim)
 * and {@code %%} means a literal {@code %} as in httpd.
 */
final class HeaderValue {

  /**
   * @param error the offending specifier, when there is one
   */
  record Parsed(String value, Optional<String> error) {}

  private HeaderValue() {}

  static Parsed parse(String raw) {
    StringBuilder value = new StringBuilder();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c != '%') {
        value.append(c);
      } else if (i + 1 < raw.length() && raw.charAt(i + 1) == '%') {
        value.append('%');
        i++;
      } else {
        String specifier = raw.substring(i, Math.min(raw.length(), i + 2));
        return new Parsed(raw, Optional.of(specifier));
      }
    }
    return new Parsed(value.toString(), Optional.empty());
  }
}
