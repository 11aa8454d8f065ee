package dev.tailgate.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Well-known httpd directives tailgate deliberately lacks, with what to do instead; people pasting
 * an Apache config deserve better than "unknown directive".
 */
final class UnsupportedDirectives {

  private static final Map<String, String> HINTS =
      Map.ofEntries(
          Map.entry("loadmodule", "tailgate's modules are built in; remove the line"),
          Map.entry(
              "ifmodule",
              "tailgate's modules are built in; remove the <IfModule> lines and keep their content"),
          Map.entry("ifdefine", "write the directives unconditionally, or use ${VAR} with Define"),
          Map.entry("directory", "tailgate maps URLs, not directories; use <Location>"),
          Map.entry("directorymatch", "tailgate maps URLs, not directories; use <LocationMatch>"),
          Map.entry("files", "use <LocationMatch> with a regex on the file name"),
          Map.entry("filesmatch", "use <LocationMatch>"),
          Map.entry(
              "proxypassmatch",
              "use ProxyPass inside <LocationMatch regex>, which has ProxyPassMatch's meaning"),
          Map.entry("rewriteengine", "mod_rewrite is not supported; use Redirect or ProxyPass"),
          Map.entry("rewriterule", "mod_rewrite is not supported; use Redirect or ProxyPass"),
          Map.entry("rewritecond", "mod_rewrite is not supported; use Redirect or ProxyPass"),
          Map.entry("alias", "not supported yet; use DocumentRoot in a <VirtualHost>"),
          Map.entry("user", "run tailgate as the user it should run as; remove the line"),
          Map.entry("group", "run tailgate as the user it should run as; remove the line"),
          Map.entry("pidfile", "tailgate writes no pid file; remove the line"),
          Map.entry(
              "sslprotocol",
              "tailgate uses the JDK's TLS defaults (TLS 1.2 and 1.3); remove the line"),
          Map.entry("sslciphersuite", "tailgate uses the JDK's TLS defaults; remove the line"),
          Map.entry("order", "httpd 2.2 access control; use Require"),
          Map.entry("allow", "httpd 2.2 access control; use Require"),
          Map.entry("deny", "httpd 2.2 access control; use Require"));

  private UnsupportedDirectives() {}

  static Optional<String> hint(String name) {
    return Optional.ofNullable(HINTS.get(name.toLowerCase(Locale.ROOT)));
  }
}
