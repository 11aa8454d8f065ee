package dev.tailgate.server.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** httpd's mod_log_config formats, checked line by line without a server. */
class LogFormatTest {
  private static final DateTimeFormatter CLF =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

  /** The line as it is written, without the newline every line ends in. */
  private static String format(String format, SampleEntry entry) {
    String line = LogFormat.compile(format).line(entry.build());
    assertThat(line).endsWith("\n");
    return line.substring(0, line.length() - 1);
  }

  @Test
  void combinedPrintsTheLoginAsUser() {
    SampleEntry entry =
        new SampleEntry()
            .user("alice@example.com")
            .path("/a b", "x=1")
            .requestHeader("Referer", "https://ref.example/")
            .requestHeader("User-Agent", "curl/8.5");

    String line = format(LogFormat.COMBINED, entry);

    assertThat(line)
        .matches(
            "100\\.64\\.0\\.7 - alice@example\\.com \\[[^]]+] \"GET /a b\\?x=1 HTTP/1\\.1\" 200 42"
                + " \"https://ref\\.example/\" \"curl/8\\.5\"");
  }

  @Test
  void aRequestWithoutUserOrHeadersPrintsDashes() {
    assertThat(format("%u %{Referer}i \"%{User-Agent}i\" %l", new SampleEntry()))
        .isEqualTo("- - \"-\" -");
    assertThat(format("%u", new SampleEntry().user(""))).isEqualTo("-");
  }

  @Test
  void timeIsInCommonLogFormatAndParsesBackToTheRequestStart() {
    SampleEntry entry = new SampleEntry();

    String line = format("%t", entry);

    assertThat(line).matches("\\[\\d{2}/[A-Z][a-z]{2}/\\d{4}:\\d{2}:\\d{2}:\\d{2} [+-]\\d{4}]");
    ZonedDateTime parsed = ZonedDateTime.parse(line.substring(1, line.length() - 1), CLF);
    assertThat(parsed.toInstant())
        .isEqualTo(entry.start.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  @Test
  void epochTimesAndDurationsUseTheRequestedUnit() {
    SampleEntry entry = new SampleEntry().micros(2_345_678);

    assertThat(format("%{sec}t %{msec}t %{usec}t", entry))
        .isEqualTo("1709618828 1709618828123 1709618828123456");
    assertThat(format("%T %{s}T %{ms}T %{us}T %D", entry)).isEqualTo("2 2 2345 2345678 2345678");
  }

  @Test
  void bytesAreADashWhenNothingWasSentUnlessCapitalB() {
    assertThat(format("%b %B", new SampleEntry().bytes(0))).isEqualTo("- 0");
    assertThat(format("%b %B", new SampleEntry().bytes(1234))).isEqualTo("1234 1234");
  }

  @Test
  void quotesBackslashesAndControlCharactersAreEscapedSoALineStaysOneLine() {
    SampleEntry entry =
        new SampleEntry()
            .requestHeader("User-Agent", "evil\" \\ \n\r\t\u0007\u007f")
            .user("bob\"\nfake 200")
            .method("G\"ET");

    assertThat(format("%{User-Agent}i", entry))
        .isEqualTo("evil\\\" \\\\ \\x0a\\x0d\\x09\\x07\\x7f");
    assertThat(format("%u", entry)).isEqualTo("bob\\\"\\x0afake 200");
    assertThat(format("%m", entry)).isEqualTo("G\\\"ET");
    assertThat(format("%{User-Agent}i", new SampleEntry().requestHeader("User-Agent", "zoë ✓")))
        .isEqualTo("zoë ✓");
  }

  @Test
  void requestPartsStatusAndLiterals() {
    SampleEntry entry = new SampleEntry().path("/p", "q=1").status(404);

    assertThat(format("%m %U%q %H %s %>s %<s %v %V %p %A %a %{c}a 100%%", entry))
        .isEqualTo(
            "GET /p?q=1 HTTP/1.1 404 404 404 vps.example.test vps.example.test 8443 127.0.0.1 100.64.0.7"
                + " 100.64.0.7 100%");
    assertThat(format("%U%q", new SampleEntry().path("/p", null))).isEqualTo("/p");
    assertThat(format("a\\tb\\\"c", entry)).isEqualTo("a\tb\"c");
  }

  @Test
  void portsAsHttpdDefinesThem() {
    SampleEntry entry = new SampleEntry();

    // the sample's client is on port 51234 and reached the server's port 8443 with no port in Host
    assertThat(format("%{remote}p %{local}p %{canonical}p %p", entry))
        .isEqualTo("51234 8443 8443 8443");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "%h %k            | %k is not supported",
        "%{X-Test}C       | %C is not supported",
        "%400{Referer}i   | %4 is not supported",
        "%h %             | lone %",
        "%{Referer        | unclosed %{",
        "%{hours}T        | the unit must be s, ms or us",
        "%{%Y-%m-%d}t     | only %t, %{sec}t",
        "%i               | %i needs a header name",
        "%>               | ends in the middle",
        "%{remote}s       | %s takes no argument",
        "%{foo}p          | must be canonical, local or remote",
        "%{tid}P          | only %P and %{pid}P",
        "%{x}a            | only %a and %{c}a"
      })
  void unsupportedOrBrokenDirectivesAreRefusedWhenCompiled(String format, String message) {
    assertThatThrownBy(() -> LogFormat.compile(format))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
