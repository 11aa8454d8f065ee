package dev.tailgate.config;

/**
 * Where a directive may appear, httpd's "Context" line. Location sections are one context (httpd's
 * "directory" context, minus {@code <Directory>} which tailgate does not have).
 */
public enum Context {
  SERVER("server config"),
  VIRTUAL_HOST("<VirtualHost>"),
  LOCATION("<Location>"),
  MDOMAIN("<MDomain>"),
  REQUIRE_SECTION("<RequireAll>/<RequireAny>/<RequireNone>");

  private final String label;

  Context(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
