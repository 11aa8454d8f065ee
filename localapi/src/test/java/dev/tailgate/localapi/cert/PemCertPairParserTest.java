package dev.tailgate.localapi.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tailgate.localapi.Fixtures;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PemCertPairParserTest {
  private final PemCertPairParser parser = new PemCertPairParser();
  private final String pair = Fixtures.text("cert-pair.pem");

  /** Inside the fixture's validity, so the test does not expire with it. */
  private final Instant during = Instant.parse("2026-12-01T00:00:00Z");

  @Test
  void readsTailscaledsSec1KeyAndChainInOrder() throws Exception {
    CertPair parsed = parser.parse(pair);

    assertThat(parsed.privateKey()).isInstanceOf(ECPrivateKey.class);
    assertThat(parsed.chain()).hasSize(2);
    assertThat(parsed.leaf().getSubjectX500Principal().getName())
        .isEqualTo("CN=vps.tail4c2a9.ts.net");
    assertThat(parsed.keyPem()).startsWith("-----BEGIN EC PRIVATE KEY-----\n");
    assertThat(pair).startsWith(parsed.keyPem()).endsWith(parsed.chainPem());
    CertPairVerifier.verify(parsed, "vps.tail4c2a9.ts.net", during);
  }

  @Test
  void toStringNeverShowsTheKey() throws Exception {
    CertPair parsed = parser.parse(pair);
    String keyBase64 = parsed.keyPem().split("\n")[1];

    assertThat(parsed.toString()).doesNotContain(keyBase64).contains("key=<redacted>");
  }

  @Test
  void acceptsPkcs8KeysAndAnyBlockOrder() throws Exception {
    CertPair sec1 = parser.parse(pair);
    String pkcs8 =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(sec1.privateKey().getEncoded())
            + "\n-----END PRIVATE KEY-----\n";

    CertPair reordered = parser.parse(sec1.chainPem() + pkcs8);

    CertPairVerifier.verify(reordered, "vps.tail4c2a9.ts.net", during);
  }

  @Test
  void rejectsAKeyThatDoesNotBelongToTheLeaf() throws Exception {
    CertPair real = parser.parse(pair);
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256);
    KeyPair other = generator.generateKeyPair();
    CertPair mismatched = new CertPair(other.getPrivate(), real.chain(), "", real.chainPem());

    assertThatThrownBy(() -> CertPairVerifier.verify(mismatched, "vps.tail4c2a9.ts.net", during))
        .isInstanceOf(InvalidCertPairException.class)
        .hasMessage("the private key does not match the certificate");
  }

  @Test
  void rejectsALeafForAnotherName() throws Exception {
    CertPair parsed = parser.parse(pair);

    assertThatThrownBy(() -> CertPairVerifier.verify(parsed, "other.tail4c2a9.ts.net", during))
        .hasMessage("the certificate names [vps.tail4c2a9.ts.net], not other.tail4c2a9.ts.net");
  }

  @Test
  void rejectsAChainInTheWrongOrder() throws Exception {
    CertPair parsed = parser.parse(pair);
    CertPair swapped =
        new CertPair(parsed.privateKey(), java.util.List.of(parsed.leaf(), parsed.leaf()), "", "");

    assertThatThrownBy(() -> CertPairVerifier.verify(swapped, "vps.tail4c2a9.ts.net", during))
        .hasMessageContaining("is not issued by certificate 2");
  }

  @Test
  void rejectsExpiredAndNotYetValidCertificates() throws Exception {
    CertPair parsed = parser.parse(pair);

    assertThatThrownBy(
            () -> CertPairVerifier.verify(parsed, "vps.tail4c2a9.ts.net", parsed.notAfter()))
        .hasMessageContaining("expired at");
    assertThatThrownBy(
            () ->
                CertPairVerifier.verify(
                    parsed, "vps.tail4c2a9.ts.net", parsed.notBefore().minusSeconds(1)))
        .hasMessageContaining("is not valid before");
  }

  @Test
  void garbageAndHalfPairsAreRefusedWithAReason() {
    assertThatThrownBy(() -> parser.parse("hello")).hasMessage("no private key in the PEM text");
    assertThatThrownBy(
            () -> parser.parse(pair.substring(0, pair.indexOf("-----BEGIN CERTIFICATE"))))
        .hasMessage("no certificate in the PEM text");
    String twoKeys = pair.substring(0, pair.indexOf("-----BEGIN CERTIFICATE")) + pair;
    assertThatThrownBy(() -> parser.parse(twoKeys))
        .hasMessage("more than one private key in the PEM text");
    assertThatThrownBy(
            () ->
                parser.parse(
                    "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"))
        .isInstanceOf(InvalidCertPairException.class)
        .hasMessageStartingWith("unreadable EC PRIVATE KEY");
  }

  @Test
  void wildcardCoversExactlyOneLabel() {
    assertThat(CertPairVerifier.covers("*.node.ts.net", "app.node.ts.net")).isTrue();
    assertThat(CertPairVerifier.covers("*.node.ts.net", "a.b.node.ts.net")).isFalse();
    assertThat(CertPairVerifier.covers("*.node.ts.net", "node.ts.net")).isFalse();
    assertThat(CertPairVerifier.covers("node.ts.net", "node.ts.net")).isTrue();
  }
}
