package dev.tailgate.server.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Request targets to send to httpd and tailgate alike: a hand-picked list of the shapes that
 * confuse path matching (escapes, dot segments, {@code @}, {@code ;}, doubled slashes, case,
 * trailing dots, absolute form, overlong) and a generated corpus that combines the same pieces at
 * random from a fixed seed, so a failure can be replayed.
 */
final class RequestTargetCorpus {
  /**
   * Path segments that mean something to the shared configuration, and their troublesome spellings.
   */
  private static final String[] SEGMENTS = {
    "app",
    "apple",
    "app@127.0.0.1:9",
    "app;x",
    "APP",
    "%61pp",
    "%61%70%70",
    "ap%70",
    "doc",
    "doc.json",
    "doc-admin",
    "myapp",
    "open",
    "private",
    "%70rivate",
    "PRIVATE",
    "old",
    "index.html",
    "x",
    "y",
    "a;b",
    ";p",
    "..",
    ".",
    "%2e",
    "%2E%2e",
    ".%2e",
    "%2e.",
    "...",
    "%2f",
    "%2F",
    "%00",
    "%zz",
    "%",
    "%41",
    "@",
    "127.0.0.1:9",
    "~",
    "%7e",
    "%20",
    "%3F",
    "%23",
    "%3B",
    "%25",
    "%C3%A9",
    "caf%C3%A9",
    "%FF",
    ".htpasswd",
    ".ht%61ccess",
    ".well-known",
    "security.txt",
    "report.txt",
    "",
    "x.",
    "x..",
    "a%2fb",
    "+",
    "%2B",
    "=",
    "&",
    "$",
    "!",
    "*",
    "'",
    "(",
    ")",
    ",",
    ":"
  };

  private static final String[] QUERIES = {
    "", "", "", "?", "?a=b", "?a=%41", "?q=%zz", "?x=/..", "?a=b&c=d", "?@"
  };

  private RequestTargetCorpus() {}

  static List<String> handPicked() {
    List<String> targets =
        new ArrayList<>(
            List.of(
                "/",
                "/app",
                "/app/",
                "/app/x",
                "/apple",
                "/app@127.0.0.1:9/secret",
                "/app%40127.0.0.1:9/x",
                "/app;x/secret",
                "/app/x;y",
                "/app/a;b/c",
                "//app//x",
                "///app",
                "/%61pp/x",
                "/APP/x",
                "/App/x",
                "/app/./x",
                "/app/../app/x",
                "/x/../app/x",
                "/x/%2e%2e/app/x",
                "/x/.%2E/app/x",
                "/app/%2e%2e/%2e%2e/etc/passwd",
                "/../app",
                "/app/..",
                "/app/...",
                "/app/x.",
                "/app/x%20",
                "/app/x%20%20",
                "/app/x/",
                "/app%2fx",
                "/app%2Fx",
                "/app/x%2fy",
                "/app/%00",
                "/app/%zz",
                "/app/%",
                "/app/%4",
                "/app/%41%42",
                "/app/caf%C3%A9",
                "/app/%FF",
                "/app/a%3Fb",
                "/app/a%23b",
                "/app/a%3Bb",
                "/app/a%25b",
                "/app/a+b",
                "/app/a%2Bb",
                "/app/~user",
                "/app/%7Euser",
                "/app/x?y=z",
                "/app/x?%zz",
                "/app/x?a=/../b",
                "/app?x",
                "/doc",
                "/doc/",
                "/doc/x",
                "/doc.json",
                "/doc-admin/users",
                "/docs",
                "/myapp",
                "/myapp/",
                "/myapp/x",
                "/myappx",
                "/open/x",
                "/open",
                "/open/",
                "/private/report.txt",
                "/private;x/report.txt",
                "/%70rivate/report.txt",
                "/private/../index.html",
                "/index.html",
                "/index.html;x",
                "/index.html/",
                "/.htpasswd",
                "/.ht%70asswd",
                "/.well-known/security.txt",
                "/old",
                "/old/",
                "/old/x/y",
                "/oldx",
                "/old;x",
                "/old/a%20b",
                "/old/caf%C3%A9",
                "/old/a;b",
                "/old/%3F"));
    targets.add("/app/" + "a".repeat(7000));
    targets.add("/app/" + "%41".repeat(2500));
    return targets;
  }

  static List<String> generated(long seed, int count) {
    Random random = new Random(seed);
    Set<String> targets = new LinkedHashSet<>();
    while (targets.size() < count) {
      StringBuilder target = new StringBuilder();
      int segments = 1 + random.nextInt(4);
      for (int i = 0; i < segments; i++) {
        target.append(random.nextInt(8) == 0 ? "//" : "/");
        target.append(SEGMENTS[random.nextInt(SEGMENTS.length)]);
      }
      if (random.nextInt(6) == 0) {
        target.append('/');
      }
      target.append(QUERIES[random.nextInt(QUERIES.length)]);
      targets.add(target.toString());
    }
    return List.copyOf(targets);
  }
}
