package dev.tailgate.config.syntax;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code Define}d variables and the environment, consulted in that order as httpd's {@code
 * ap_resolve_env} does. An undefined {@code ${VAR}} is an error here (httpd only warns and leaves
 * the text as is), because a silently literal {@code ${PORT}} is never what the admin meant.
 */
final class Variables {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");

  private final Map<String, String> defined = new HashMap<>();
  private final Map<String, String> environment;

  Variables(Map<String, String> environment) {
    this.environment = Map.copyOf(environment);
  }

  void define(String name, String value) {
    defined.put(name, value);
  }

  void undefine(String name) {
    defined.remove(name);
  }

  /**
   * @throws ArgumentSyntaxException naming the first undefined variable
   */
  String expand(String text) throws ArgumentSyntaxException {
    if (!text.contains("${")) {
      return text;
    }
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = lookup(name);
      if (value == null) {
        throw new ArgumentSyntaxException(
            "${" + name + "} is not defined",
            "add \"Define "
                + (name.isEmpty() ? "NAME" : name)
                + " value\" before this line"
                + " or set the environment variable "
                + (name.isEmpty() ? "NAME" : name));
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  private String lookup(String name) {
    if (name.isEmpty()) {
      return null;
    }
    String value = defined.get(name);
    return value != null ? value : environment.get(name);
  }
}
