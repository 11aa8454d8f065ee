package dev.tailgate.config.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code <Location>} or {@code <LocationMatch>} section applies to, with httpd 2.4's
 * matching rules.
 */
public sealed interface LocationPattern {

  /**
   * @return how the section matched {@code path}, if it did
   */
  Optional<LocationMatch> match(String path);

  /** As written in the config, for messages and the summary. */
  String source();

  /** A {@code <Location>} path: a prefix, or a wildcard pattern when it contains {@code * ? [}. */
  static LocationPattern ofPath(String path) {
    return WildcardTranslator.hasWildcard(path) ? Wildcard.of(path) : new Prefix(path);
  }

  /**
   * {@code <Location /path>}: the path itself and everything below it, on segment boundaries:
   * {@code /private} matches {@code /private} and {@code /private/x} but not {@code /private123};
   * {@code /dir/} does not match {@code /dir}.
   */
  record Prefix(String path) implements LocationPattern {
    @Override
    public Optional<LocationMatch> match(String requestPath) {
      if (!requestPath.startsWith(path)) {
        return Optional.empty();
      }
      boolean boundary =
          path.endsWith("/")
              || requestPath.length() == path.length()
              || requestPath.charAt(path.length()) == '/';
      return boundary
          ? Optional.of(new LocationMatch(path, List.of(requestPath)))
          : Optional.empty();
    }

    @Override
    public String source() {
      return path;
    }
  }

  /**
   * {@code <Location /a/*.txt>}: shell wildcards over the whole path, where {@code *} and {@code ?}
   * do not cross a {@code /} (httpd's fnmatch with FNM_PATHNAME).
   */
  record Wildcard(String glob, Pattern regex) implements LocationPattern {
    public static Wildcard of(String glob) {
      return new Wildcard(glob, Pattern.compile(WildcardTranslator.toRegex(glob)));
    }

    @Override
    public Optional<LocationMatch> match(String requestPath) {
      return regex.matcher(requestPath).matches()
          ? Optional.of(new LocationMatch("", List.of(requestPath)))
          : Optional.empty();
    }

    @Override
    public String source() {
      return glob;
    }
  }

  /**
   * {@code <LocationMatch regex>} and {@code <Location ~ regex>}: the regex is searched for
   * anywhere in the path (unanchored), as with httpd's {@code ap_regexec}.
   */
  record Regex(Pattern regex) implements LocationPattern {
    @Override
    public Optional<LocationMatch> match(String requestPath) {
      Matcher m = regex.matcher(requestPath);
      if (!m.find()) {
        return Optional.empty();
      }
      List<String> groups = new ArrayList<>();
      for (int i = 0; i <= m.groupCount(); i++) {
        groups.add(m.group(i) == null ? "" : m.group(i));
      }
      return Optional.of(new LocationMatch("", groups));
    }

    @Override
    public String source() {
      return "~ " + regex.pattern();
    }
  }
}
