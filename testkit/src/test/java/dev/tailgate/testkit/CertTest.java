package dev.tailgate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.eclipse.jetty.client.ContentResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CertTest {
  private static final String DOMAIN = "vps.tail4c2a9.ts.net";
  @RegisterExtension static final LocalApi api = new LocalApi();
  private final TestClock clock = new TestClock(Instant.parse("2026-08-22T10:00:00Z"));
  private FakeTailscaled fake;

  @BeforeEach
  void start() {
    fake = FakeTailscaled.builder().tailnet(Fixtures.statusTailnet()).clock(clock).start();
  }

  @AfterEach
  void stop() {
    fake.close();
  }

  private ContentResponse cert(String domainAndQuery) {
    return api.get(fake.socketPath(), "/localapi/v0/cert/" + domainAndQuery);
  }

  @Test
  void pairIsTheSec1KeyThenLeafThenIntermediate() throws Exception {
    ContentResponse response = cert(DOMAIN + "?type=pair&min_validity=0s");
    String body = response.getContentAsString();

    assertThat(response.getStatus()).isEqualTo(200);
    assertThat(response.getHeaders().get("Content-Type")).isEqualTo("text/plain");
    assertThat(body)
        .startsWith("-----BEGIN EC PRIVATE KEY-----\n")
        .doesNotContain("\r")
        .endsWith("-----\n");
    int split = body.indexOf("--\n--") + 3;
    String key = body.substring(0, split);
    String chain = body.substring(split);
    assertThat(key).hasSize(227).endsWith("-----END EC PRIVATE KEY-----\n");
    assertThat(chain)
        .startsWith("-----BEGIN CERTIFICATE-----\n")
        .doesNotContain(" PRIVATE KEY-----");
    assertThat(body.lines().filter(l -> !l.startsWith("-----"))).allMatch(l -> l.length() <= 64);

    List<X509Certificate> certs = parseChain(chain);
    assertThat(certs).hasSize(2);
    X509Certificate leaf = certs.get(0);
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=" + DOMAIN);
    assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, DOMAIN));
    assertThat(((ECPublicKey) leaf.getPublicKey()).getParams().getOrder().bitLength())
        .isEqualTo(256);
    assertThat(leaf.getNotAfter().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(90)));
    assertThat(certs.get(1)).isEqualTo(fake.ca().intermediateCertificate());
    assertThat(certs).doesNotContain(fake.ca().rootCertificate());
    assertChainsToRoot(certs);

    byte[] der = Base64.getMimeDecoder().decode(key.replaceAll("-----[A-Z ]+-----", ""));
    assertThat(der).hasSize(121);
    ECPrivateKey sec1 = ECPrivateKey.getInstance(ASN1Sequence.getInstance(der));
    assertThat(((ASN1Integer) ASN1Sequence.getInstance(der).getObjectAt(0)).intValueExact())
        .isEqualTo(1);
    assertThat(sec1.getParametersObject()).isEqualTo(SECObjectIdentifiers.secp256r1);
    assertThat(sec1.getPublicKey()).isNotNull();
    KeyPair pair = keyPair(key);
    assertThat(pair.getPublic()).isEqualTo(leaf.getPublicKey());
  }

  @ParameterizedTest(name = "type={0}")
  @ValueSource(strings = {"", "?type=", "?type=cert", "?type=crt"})
  void defaultIsTheChainOnly(String query) {
    String body = cert(DOMAIN + query).getContentAsString();

    assertThat(body).startsWith("-----BEGIN CERTIFICATE-----").doesNotContain("PRIVATE KEY");
    assertThat(parseChain(body)).hasSize(2);
  }

  @Test
  void keyOnly() {
    String body = cert(DOMAIN + "?type=key").getContentAsString();

    assertThat(body)
        .startsWith("-----BEGIN EC PRIVATE KEY-----\n")
        .endsWith("-----END EC PRIVATE KEY-----\n")
        .doesNotContain("CERTIFICATE");
  }

  @Test
  void theSameCertificateUntilRenewed() {
    String first = cert(DOMAIN + "?type=pair").getContentAsString();
    String again = cert(DOMAIN + "?type=pair&min_validity=720h").getContentAsString();

    fake.renew(DOMAIN);
    String renewed = cert(DOMAIN + "?type=pair").getContentAsString();
    String afterRenewal = cert(DOMAIN + "?type=pair").getContentAsString();

    assertThat(again).isEqualTo(first);
    assertThat(serial(renewed)).isNotEqualTo(serial(first));
    assertThat(renewed.substring(0, 227)).isNotEqualTo(first.substring(0, 227));
    assertThat(afterRenewal).isEqualTo(renewed);
    assertThat(fake.certs().issuanceCount(DOMAIN)).isEqualTo(2);
  }

  @Test
  void minValidityBeyondTheRemainingLifetimeIssuesSynchronously() {
    String first = cert(DOMAIN).getContentAsString();
    clock.advance(Duration.ofDays(70));

    String stillCached = cert(DOMAIN + "?min_validity=" + hours(19 * 24)).getContentAsString();
    String forced = cert(DOMAIN + "?min_validity=" + hours(21 * 24)).getContentAsString();
    String beyondLifetime1 = cert(DOMAIN + "?min_validity=2200h").getContentAsString();
    String beyondLifetime2 = cert(DOMAIN + "?min_validity=2200h").getContentAsString();

    assertThat(stillCached).isEqualTo(first);
    assertThat(serial(forced)).isNotEqualTo(serial(first));
    assertThat(serial(beyondLifetime1)).isNotEqualTo(serial(forced));
    assertThat(serial(beyondLifetime2)).isNotEqualTo(serial(beyondLifetime1));
  }

  @Test
  void anExpiredCertificateIsReplaced() {
    String first = cert(DOMAIN).getContentAsString();
    clock.advance(Duration.ofDays(91));

    String second = cert(DOMAIN).getContentAsString();

    assertThat(serial(second)).isNotEqualTo(serial(first));
    assertThat(parseChain(second).get(0).getNotBefore().toInstant()).isEqualTo(clock.instant());
  }

  @ParameterizedTest(name = "min_validity={0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "5d|time: unknown unit \"d\" in duration \"5d\"",
        "1|time: missing unit in duration \"1\"",
        "abc|time: invalid duration \"abc\"",
        "-|time: invalid duration \"-\"",
        "1h-5m|time: unknown unit \"h-\" in duration \"1h-5m\""
      })
  void unparsableMinValidity(String value, String goError) {
    ContentResponse response =
        cert(DOMAIN + "?min_validity=" + URLEncoder.encode(value, StandardCharsets.UTF_8));

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.getContentAsString())
        .isEqualTo("invalid validity parameter: " + goError + "\n");
    assertThat(fake.certs().issuanceCount(DOMAIN)).isZero();
  }

  @Test
  void unknownTypeIs400ButOnlyAfterTheCertificateWasFetched() {
    ContentResponse response = cert(DOMAIN + "?type=pem");

    assertThat(response.getStatus()).isEqualTo(400);
    assertThat(response.getContentAsString())
        .isEqualTo("invalid type; want \"cert\" (default), \"key\", or \"pair\"\n");
    assertThat(response.getHeaders().get("Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(fake.certs().issuanceCount(DOMAIN)).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "VPS.tail4c2a9.ts.net",
        "app.vps.tail4c2a9.ts.net",
        "vps.tail4c2a9.ts.net.",
        "alice-laptop.tail4c2a9.ts.net"
      })
  void onlyTheExactCertDomain(String domain) {
    ContentResponse response = cert(domain);

    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(response.getContentAsString())
        .isEqualTo(
            "invalid domain \"" + domain + "\"; must be one of [\"vps.tail4c2a9.ts.net\"]\n");
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(
      strings = {
        "",
        "localhost",
        "a..b.ts.net",
        "vps.tail4c2a9.ts.net%3A443",
        "a%5Cb.ts.net",
        "v*s.tail4c2a9.ts.net",
        "*.net"
      })
  void malformedDomain(String domain) {
    ContentResponse response = cert(domain);

    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(response.getContentAsString()).isEqualTo("invalid domain\n");
  }

  @Test
  void wildcardWithoutTheNodeAttribute() {
    ContentResponse response = cert("*.vps.tail4c2a9.ts.net");

    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(response.getContentAsString())
        .isEqualTo("wildcard certificates are not enabled for this node\n");
  }

  @Test
  void httpsDisabledForTheTailnet() {
    fake.tailnet().setHttpsEnabled(false);

    ContentResponse response = cert(DOMAIN);

    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(response.getContentAsString())
        .isEqualTo("your Tailscale account does not support getting TLS certs\n");
  }

  @Test
  void noNetmap() {
    fake.tailnet().setLoggedIn(false);

    ContentResponse response = cert(DOMAIN);

    assertThat(response.getStatus()).isEqualTo(500);
    assertThat(response.getContentAsString()).isEqualTo("no netmap available\n");
  }

  @Test
  void theRootCanBeTrustedFromPemOrKeyStore() throws Exception {
    X509Certificate fromPem =
        (X509Certificate)
            CertificateFactory.getInstance("X.509")
                .generateCertificate(
                    new ByteArrayInputStream(
                        fake.ca().rootPem().getBytes(StandardCharsets.US_ASCII)));

    assertThat(fromPem).isEqualTo(fake.ca().rootCertificate());
    assertThat(fake.ca().trustStore().getCertificate("tailgate-test-root")).isEqualTo(fromPem);
    assertThat(fromPem.getBasicConstraints()).isGreaterThanOrEqualTo(0);
  }

  private void assertChainsToRoot(List<X509Certificate> chain) throws Exception {
    PKIXParameters params =
        new PKIXParameters(Set.of(new TrustAnchor(fake.ca().rootCertificate(), null)));
    params.setRevocationEnabled(false);
    params.setDate(Date.from(clock.instant()));
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), params);
  }

  static List<X509Certificate> parseChain(String pem) {
    try {
      return CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
          .stream()
          .map(X509Certificate.class::cast)
          .toList();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static KeyPair keyPair(String keyPem) throws Exception {
    try (PEMParser parser = new PEMParser(new StringReader(keyPem))) {
      return new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parser.readObject());
    }
  }

  private static java.math.BigInteger serial(String pem) {
    String chain = pem.substring(pem.indexOf("-----BEGIN CERTIFICATE-----"));
    return parseChain(chain).get(0).getSerialNumber();
  }

  private static String hours(long h) {
    return h + "h";
  }
}
