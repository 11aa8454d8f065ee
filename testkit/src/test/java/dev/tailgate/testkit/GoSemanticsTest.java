package dev.tailgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailgate.testkit.go.GoDuration;
import dev.tailgate.testkit.go.GoJson;
import dev.tailgate.testkit.go.GoNetip;
import dev.tailgate.testkit.go.GoQuote;
import dev.tailgate.testkit.go.GoStrconv;
import dev.tailgate.testkit.go.GoStruct;
import dev.tailgate.testkit.go.GoTime;
import dev.tailgate.testkit.go.RawJson;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Go behaviours the fake reproduces, checked against values taken from Go's own documentation
 * and tests.
 */
class GoSemanticsTest {
  @Test
  void marshalIndentFormatting() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("b", 1L);
    map.put("a", List.of());
    Object value =
        new GoStruct()
            .field("Z", map)
            .field("Empty", Map.of())
            .field("N", null)
            .omitEmpty("Gone", List.of())
            .omitZero("AlsoGone", 0L)
            .field("S", "<a&b>\u2028\"\\\n\u0001é");

    assertThat(GoJson.indent(value))
        .isEqualTo(
            "{\n\t\"Z\": {\n\t\t\"a\": [],\n\t\t\"b\": 1\n\t},\n"
                + "\t\"Empty\": {},\n\t\"N\": null,\n\t\"S\": \"\\u003ca\\u0026b\\u003e\\u2028\\\"\\\\\\n\\u0001é\"\n}");
    assertThat(GoJson.compact(value)).startsWith("{\"Z\":{\"a\":[],\"b\":1},\"Empty\":{}");
  }

  @Test
  void rawJsonIsValidated() {
    assertThatThrownBy(() -> RawJson.of("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RawJson.of("1 2")).isInstanceOf(IllegalArgumentException.class);
    assertThat(GoJson.compact(List.of(RawJson.of("{ \"b\" : 1.50 , \"a\":[ ] }"))))
        .isEqualTo("[{\"b\":1.50,\"a\":[]}]");
  }

  @ParameterizedTest(name = "{0} = {1} ns")
  @CsvSource({
    "0, 0",
    "0s, 0",
    "+5s, 5000000000",
    "-1.5h, -5400000000000",
    "1h30m, 5400000000000",
    ".5s, 500000000",
    "1.s, 1000000000",
    "300ms, 300000000",
    "2us, 2000",
    "2µs, 2000",
    "2μs, 2000",
    "7ns, 7",
    "2200h, 7920000000000000",
    "1m0.5s, 60500000000"
  })
  void parseDuration(String text, long nanos) {
    assertThat(GoDuration.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|time: invalid duration \"\"",
        ".s|time: invalid duration \".s\"",
        "1|time: missing unit in duration \"1\"",
        "3x|time: unknown unit \"x\" in duration \"3x\"",
        "9999999999999999999h|time: invalid duration \"9999999999999999999h\"",
        "3000000h|time: invalid duration \"3000000h\"",
        "1é|time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\""
      })
  void parseDurationErrors(String text, String message) {
    assertThatThrownBy(() -> GoDuration.parse(text)).hasMessage(message);
  }

  @Test
  void quoteLikePercentQ() {
    assertThat(GoQuote.quote(List.of("a.ts.net", "b.ts.net")))
        .isEqualTo("[\"a.ts.net\" \"b.ts.net\"]");
    assertThat(GoQuote.quote("x\"y\\z\n\u0000é")).isEqualTo("\"x\\\"y\\\\z\\n\\x00é\"");
  }

  @Test
  void parseBool() {
    assertThat(GoStrconv.parseBool("T")).contains(true);
    assertThat(GoStrconv.parseBool("fALSE")).isEmpty();
    assertThat(GoStrconv.parseBoolOr("nope", true)).isTrue();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "fd7a:115c:a1e0:0:0:0:c701:2a07, fd7a:115c:a1e0::c701:2a07",
    "0:0:0:0:0:0:0:1, ::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "1:0:0:0:0:0:0:0, 1::",
    "100.64.0.1, 100.64.0.1"
  })
  void addressText(String in, String out) throws Exception {
    assertThat(GoNetip.format(InetAddress.getByName(in))).isEqualTo(out);
  }

  @Test
  void timeText() {
    assertThat(GoTime.format(Instant.parse("2026-01-20T17:02:11.500Z")))
        .isEqualTo("2026-01-20T17:02:11.5Z");
    assertThat(GoTime.format(GoTime.ZERO)).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(GoTime.format(Instant.parse("2025-10-14T09:15:42.123456789Z")))
        .isEqualTo("2025-10-14T09:15:42.123456789Z");
  }
}
