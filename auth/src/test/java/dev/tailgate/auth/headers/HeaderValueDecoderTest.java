package dev.tailgate.auth.headers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeaderValueDecoderTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Stefan Eissing",
        "Zoë Åkesson",
        "名前 テスト",
        "emoji 🦆 and = ? _ signs",
        "a very long display name that needs more than one encoded word: ünïcödé ünïcödé ünïcödé"
      })
  void decodesWhatTheEncoderWrites(String name) {
    assertThat(HeaderValueDecoder.decode(HeaderValueEncoder.encode(name))).isEqualTo(name);
  }

  @Test
  void decodesBase64WordsAndKeepsWhatItCannotRead() {
    assertThat(HeaderValueDecoder.decode("=?UTF-8?B?Wm/Dqw==?=")).isEqualTo("Zoë");
    assertThat(HeaderValueDecoder.decode("=?iso-8859-1?q?Zo=EB?="))
        .isEqualTo("=?iso-8859-1?q?Zo=EB?=");
    assertThat(HeaderValueDecoder.decode("=?utf-8?q?bad=Z?=")).isEqualTo("=?utf-8?q?bad=Z?=");
  }
}
