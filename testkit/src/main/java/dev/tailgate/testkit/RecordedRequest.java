package dev.tailgate.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request as the fake received it, before any check, so tests can assert what a client sent
 * (Host, Authorization, parameters) and how often.
 *
 * @param path the decoded path, e.g. {@code /localapi/v0/whois}
 * @param query decoded query parameters in order of appearance
 * @param headers header name (case-insensitive) → values
 * @param transport {@code "unix"} or {@code "tcp"}
 */
public record RecordedRequest(
    Instant time,
    String method,
    String path,
    Map<String, List<String>> query,
    Map<String, List<String>> headers,
    String transport) {
  public RecordedRequest {
    query = Map.copyOf(query);
    TreeMap<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach(
        (name, values) ->
            caseInsensitive.merge(
                name,
                List.copyOf(values),
                (a, b) -> java.util.stream.Stream.concat(a.stream(), b.stream()).toList()));
    headers = java.util.Collections.unmodifiableMap(caseInsensitive);
  }

  /** The first value of a query parameter, or {@code null}. */
  public String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The first value of a header, or {@code null}. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /**
   * The LocalAPI name, e.g. {@code whois} or {@code cert/vps.tail4c2a9.ts.net}; {@code null} for
   * other paths.
   */
  public String endpointName() {
    String prefix = "/localapi/v0/";
    return path.startsWith(prefix) ? path.substring(prefix.length()) : null;
  }
}
