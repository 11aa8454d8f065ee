package dev.tailgate.auth.headers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Values as Go's {@code mime.QEncoding.Encode("utf-8", v)} writes them (expected texts computed
 * with Go 1.22).
 */
class HeaderValueEncoderTest {

  @Test
  void printableAsciiIsSentAsIs() {
    assertThat(HeaderValueEncoder.encode("Alice Example")).isEqualTo("Alice Example");
    assertThat(HeaderValueEncoder.encode("{\"a\":\"b=c?\"}\tx")).isEqualTo("{\"a\":\"b=c?\"}\tx");
  }

  @Test
  void nonAsciiIsQEncodedWithLowerCaseCharsetAndUnderscoreForSpace() {
    assertThat(HeaderValueEncoder.encode("Zoë Müller"))
        .isEqualTo("=?utf-8?q?Zo=C3=AB_M=C3=BCller?=");
  }

  @Test
  void equalsQuestionMarkAndUnderscoreAreEscapedOnceEncodingIsNeeded() {
    assertThat(HeaderValueEncoder.encode("a=b?c_d é"))
        .isEqualTo("=?utf-8?q?a=3Db=3Fc=5Fd_=C3=A9?=");
  }

  @Test
  void controlCharactersForceEncoding() {
    assertThat(HeaderValueEncoder.encode("a\r\nb")).isEqualTo("=?utf-8?q?a=0D=0Ab?=");
  }

  @Test
  void longValuesAreSplitIntoWordsOfAtMost75CharactersWithoutSplittingACharacter() {
    String value = "ü".repeat(30);
    String encoded = HeaderValueEncoder.encode(value);

    // 63 content characters per word hold 10 "ü" (6 bytes encoded each is 2 x =XX): 21 x "=C3=BC" =
    // 63
    assertThat(encoded.split(" "))
        .allSatisfy(
            word -> {
              assertThat(word).startsWith("=?utf-8?q?").endsWith("?=");
              assertThat(word.length()).isLessThanOrEqualTo(75);
              assertThat(word.replace("=?utf-8?q?", "").replace("?=", "")).matches("(=C3=BC)+");
            });
    assertThat(encoded)
        .isEqualTo(
            "=?utf-8?q?"
                + "=C3=BC".repeat(10)
                + "?= =?utf-8?q?"
                + "=C3=BC".repeat(10)
                + "?= =?utf-8?q?"
                + "=C3=BC".repeat(10)
                + "?=");
  }

  @Test
  void aLoneSurrogateIsInvalidTextAndGivesAnEmptyValue() {
    assertThat(HeaderValueEncoder.encode("bad \uD800 text")).isEmpty();
  }

  @Test
  void supplementaryCharactersAreFourBytes() {
    assertThat(HeaderValueEncoder.encode("\uD83D\uDE00")).isEqualTo("=?utf-8?q?=F0=9F=98=80?=");
  }
}
