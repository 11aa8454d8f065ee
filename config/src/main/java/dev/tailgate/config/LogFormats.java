package dev.tailgate.config;

import java.util.Map;

/**
 * The nicknames that exist without a {@code LogFormat}. In httpd they come from the stock
 * httpd.conf rather than mod_log_config; tailgate predefines them so the default access log needs
 * no configuration. {@code %u} is the tailscale login when one is known.
 */
public final class LogFormats {

  public static final String COMMON = "%h %l %u %t \"%r\" %>s %b";
  public static final String COMBINED = COMMON + " \"%{Referer}i\" \"%{User-Agent}i\"";

  public static final Map<String, String> PREDEFINED =
      Map.of("common", COMMON, "combined", COMBINED);

  private LogFormats() {}
}
