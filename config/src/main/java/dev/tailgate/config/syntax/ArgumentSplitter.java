package dev.tailgate.config.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an argument string into words like httpd's {@code ap_getword_conf}: blanks separate words,
 * a word may be quoted with {@code "} or {@code '}, and inside quotes a backslash escapes the quote
 * character. Unlike httpd, an unterminated quote is an error rather than running to the end of the
 * line, because that is always a typo.
 */
final class ArgumentSplitter {

  private ArgumentSplitter() {}

  static List<String> split(String text) throws ArgumentSyntaxException {
    List<String> words = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (true) {
      while (i < n && Character.isWhitespace(text.charAt(i))) {
        i++;
      }
      if (i >= n) {
        return words;
      }
      char first = text.charAt(i);
      if (first == '"' || first == '\'') {
        i = readQuoted(text, i, words);
      } else {
        int start = i;
        while (i < n && !Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        words.add(text.substring(start, i));
      }
    }
  }

  private static int readQuoted(String text, int open, List<String> words)
      throws ArgumentSyntaxException {
    char quote = text.charAt(open);
    StringBuilder word = new StringBuilder();
    for (int i = open + 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == quote) {
        word.append(quote);
        i++;
      } else if (c == quote) {
        words.add(word.toString());
        return i + 1;
      } else {
        word.append(c);
      }
    }
    throw new ArgumentSyntaxException(
        "missing closing "
            + quote
            + " for the argument starting "
            + abbreviate(text.substring(open)),
        "close the quote on the same line, or end the line with \\ to continue it");
  }

  private static String abbreviate(String text) {
    return text.length() <= 20 ? text : text.substring(0, 20) + "…";
  }
}
