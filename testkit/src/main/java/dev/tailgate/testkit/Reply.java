package dev.tailgate.testkit;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A complete LocalAPI response, computed before anything is written. */
record Reply(int status, Map<String, String> headers, byte[] body) {
  Reply {
    headers = Map.copyOf(headers);
  }

  static Reply ok(String contentType, String body) {
    return new Reply(
        200, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
  }

  /** Go's {@code http.Error}: plain text with charset, nosniff, and the message plus a newline. */
  static Reply error(int status, String message) {
    return new Reply(
        status,
        Map.of("Content-Type", "text/plain; charset=utf-8", "X-Content-Type-Options", "nosniff"),
        (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** Go's {@code http.NotFound}. */
  static Reply notFound() {
    return error(404, "404 page not found");
  }

  Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Reply(status, more, body);
  }
}
