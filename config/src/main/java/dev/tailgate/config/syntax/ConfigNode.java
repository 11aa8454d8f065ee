package dev.tailgate.config.syntax;

import java.util.List;

/**
 * A node of the syntax tree: what the admin wrote, with variables expanded and Includes inlined,
 * but not yet interpreted. Names keep the admin's spelling; lookups are case-insensitive.
 */
public sealed interface ConfigNode permits DirectiveNode, SectionNode {

  /** The name as written, without angle brackets. */
  String name();

  /** The arguments, split as httpd does and with quotes removed. */
  List<String> args();

  /**
   * The argument text before splitting (variables expanded). Kept for directives whose module
   * parses the whole line itself, as {@code Require} providers do in httpd.
   */
  String rawArgs();

  SourceLocation at();

  /** How the node is named in messages: {@code ProxyPass} or {@code <Location>}. */
  String displayName();
}
