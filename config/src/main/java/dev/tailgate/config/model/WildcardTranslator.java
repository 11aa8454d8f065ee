package dev.tailgate.config.model;

import java.util.regex.Pattern;

/**
 * Translates fnmatch wildcards with FNM_PATHNAME into a Java regex; no JDK class does this for URL
 * paths.
 */
final class WildcardTranslator {

  private WildcardTranslator() {}

  static boolean hasWildcard(String path) {
    return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0;
  }

  static String toRegex(String glob) {
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < glob.length()) {
      char c = glob.charAt(i);
      if (c == '*') {
        regex.append("[^/]*");
      } else if (c == '?') {
        regex.append("[^/]");
      } else if (c == '[' && glob.indexOf(']', i + 1) > i + 1) {
        int end = glob.indexOf(']', i + 1);
        String body = glob.substring(i + 1, end);
        if (body.startsWith("!")) {
          body = "^" + body.substring(1);
        }
        regex.append('[').append(body.replace("\\", "\\\\")).append(']');
        i = end;
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
      i++;
    }
    return regex.toString();
  }
}
