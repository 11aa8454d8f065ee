package dev.tailgate.server.log;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A {@link LogEntry} for format tests: a plain GET that each test changes only where it cares. */
final class SampleEntry {
  String user;
  Instant start = Instant.parse("2024-03-05T06:07:08.123456Z");
  long durationMicros = 1_234_567;
  String method = "GET";
  String path = "/index.html";
  String query;
  int status = 200;
  long bytesSent = 42;
  final Map<String, String> requestHeaders = new HashMap<>();
  final Map<String, String> responseHeaders = new HashMap<>();

  SampleEntry user(String value) {
    user = value;
    return this;
  }

  SampleEntry path(String value, String query) {
    this.path = value;
    this.query = query;
    return this;
  }

  SampleEntry method(String value) {
    method = value;
    return this;
  }

  SampleEntry bytes(long value) {
    bytesSent = value;
    return this;
  }

  SampleEntry micros(long value) {
    durationMicros = value;
    return this;
  }

  SampleEntry status(int value) {
    status = value;
    return this;
  }

  SampleEntry requestHeader(String name, String value) {
    requestHeaders.put(name.toLowerCase(java.util.Locale.ROOT), value);
    return this;
  }

  LogEntry build() {
    Map<String, String> in = Map.copyOf(requestHeaders);
    Map<String, String> out = Map.copyOf(responseHeaders);
    return new LogEntry(
        "100.64.0.7",
        "100.64.0.7",
        "127.0.0.1",
        8443,
        51234,
        8443,
        user,
        start,
        durationMicros,
        method,
        path,
        query,
        "HTTP/1.1",
        status,
        bytesSent,
        "vps.example.test",
        "vps.example.test",
        name -> in.get(name.toLowerCase(java.util.Locale.ROOT)),
        name -> out.get(name.toLowerCase(java.util.Locale.ROOT)));
  }
}
