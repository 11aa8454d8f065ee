package dev.tailgate.server.acme;

import dev.tailgate.server.testing.ForegroundDaemon;
import dev.tailgate.server.testing.SystemProgram;
import dev.tailgate.server.testing.TailgateHarness;
import dev.tailgate.testkit.ca.IssuedCertificate;
import dev.tailgate.testkit.ca.TestCertificateAuthority;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A real ACME CA for tests: Debian's {@code pebble}, with {@code pebble-challtestsrv} as its DNS
 * answering 127.0.0.1 for every name, both on loopback ports of their own. Pebble validates http-01
 * and tls-alpn-01 by connecting to the ports given here, which the tests point at tailgate's
 * listeners. Its API's certificate comes from a test CA whose root is written to {@link
 * #apiRoots()} (what {@code MDCACertificateFile} names); the roots of the certificates it issues
 * change on every start and are read from its management API ({@link #issuedRoots()}).
 */
public final class PebbleCa implements AutoCloseable {
  public static final String EAB_KEY_ID = "kid-1";
  public static final String EAB_HMAC =
      "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";

  private final Path dir;
  private final Options options;
  private final Path pebbleBinary;
  private final Path dnsBinary;
  private final int managementPort = TailgateHarness.freePort();
  private final Path apiRoots;
  private final SSLContext apiTrust;
  private ForegroundDaemon dns;
  private ForegroundDaemon pebble;

  private PebbleCa(Path dir, Options options) throws Exception {
    this.dir = dir;
    this.options = options;
    this.pebbleBinary = SystemProgram.find("pebble", "pebble", List.of(Path.of("/usr/bin/pebble")));
    this.dnsBinary =
        SystemProgram.find("pebble", "pebble", List.of(Path.of("/usr/bin/pebble-challtestsrv")));
    Files.createDirectories(dir);
    this.apiRoots = dir.resolve("api-roots.pem");
    if (!Files.exists(apiRoots)) {
      // the API's certificate outlives a restart, as a real CA's does
      TestCertificateAuthority ca = new TestCertificateAuthority();
      IssuedCertificate api = ca.issue("localhost");
      Files.writeString(dir.resolve("api.crt"), api.chainPem());
      Files.writeString(dir.resolve("api.key"), api.keyPem());
      Files.writeString(apiRoots, ca.rootPem());
    }
    KeyStore roots = KeyStore.getInstance(KeyStore.getDefaultType());
    roots.load(null, null);
    try (var in = Files.newInputStream(apiRoots)) {
      roots.setCertificateEntry(
          "api-root", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(roots);
    this.apiTrust = SSLContext.getInstance("TLS");
    apiTrust.init(null, trust.getTrustManagers(), null);
  }

  /** What the test decides about the CA it starts. */
  public record Options(
      int httpPort,
      int tlsPort,
      boolean externalAccountRequired,
      int apiPort,
      String ocspResponderUrl) {
    public static Options validatingOn(int httpPort, int tlsPort) {
      return new Options(httpPort, tlsPort, false, TailgateHarness.freePort(), "");
    }

    public Options requiringExternalAccounts() {
      return new Options(httpPort, tlsPort, true, apiPort, ocspResponderUrl);
    }

    /** Issued certificates name {@code url} as their OCSP responder (pebble runs none itself). */
    public Options withOcspResponder(String url) {
      return new Options(httpPort, tlsPort, externalAccountRequired, apiPort, url);
    }
  }

  /**
   * A CA ready to start: its URL and API root are known, nothing runs yet (a CA that is down). A
   * directory used before keeps its API certificate, so a CA prepared again there is the same CA
   * restarted: pebble forgets its accounts and orders, as a wiped CA would.
   */
  public static PebbleCa prepare(Path dir, Options options) throws Exception {
    return new PebbleCa(dir, options);
  }

  public static PebbleCa start(Path dir, Options options) throws Exception {
    return prepare(dir, options).start();
  }

  public PebbleCa start() throws Exception {
    int dnsPort = TailgateHarness.freePort();
    int dnsManagement = TailgateHarness.freePort();
    dns =
        ForegroundDaemon.start(
            "challtestsrv",
            dir,
            List.of(
                dnsBinary.toString(),
                "-dns01",
                "127.0.0.1:" + dnsPort,
                "-http01",
                "",
                "-https01",
                "",
                "-tlsalpn01",
                "",
                "-management",
                "127.0.0.1:" + dnsManagement,
                "-defaultIPv4",
                "127.0.0.1",
                "-defaultIPv6",
                ""),
            List.of(),
            dnsManagement);
    Files.writeString(
        dir.resolve("pebble.json"),
        """
        {"pebble": {
          "listenAddress": "127.0.0.1:%d",
          "managementListenAddress": "127.0.0.1:%d",
          "certificate": "%s",
          "privateKey": "%s",
          "httpPort": %d,
          "tlsPort": %d,
          "ocspResponderURL": "%s",
          "externalAccountBindingRequired": %s,
          "externalAccountMACKeys": {"%s": "%s"}
        }}
        """
            .formatted(
                options.apiPort(),
                managementPort,
                dir.resolve("api.crt"),
                dir.resolve("api.key"),
                options.httpPort(),
                options.tlsPort(),
                options.ocspResponderUrl(),
                options.externalAccountRequired(),
                EAB_KEY_ID,
                EAB_HMAC));
    pebble =
        ForegroundDaemon.start(
            "pebble",
            dir,
            List.of(
                "env",
                "PEBBLE_VA_NOSLEEP=1",
                "PEBBLE_WFE_NONCEREJECT=0",
                pebbleBinary.toString(),
                "-config",
                dir.resolve("pebble.json").toString(),
                "-dnsserver",
                "127.0.0.1:" + dnsPort,
                "-strict=false"),
            List.of(),
            options.apiPort());
    return this;
  }

  /** The directory URL, for {@code MDCertificateAuthority}. */
  public String directory() {
    return "https://localhost:" + options.apiPort() + "/dir";
  }

  /** The root of pebble's own HTTPS, for {@code MDCACertificateFile}. */
  public Path apiRoots() {
    return apiRoots;
  }

  /** The roots of the certificates this pebble issues (new on every start), as a trust store. */
  public KeyStore issuedRoots() throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(apiTrust).build();
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    HttpResponse<String> root =
        http.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + managementPort + "/roots/0"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    List<X509Certificate> roots = new ArrayList<>();
    for (var certificate :
        factory.generateCertificates(
            new ByteArrayInputStream(root.body().getBytes(StandardCharsets.US_ASCII)))) {
      roots.add((X509Certificate) certificate);
    }
    for (int i = 0; i < roots.size(); i++) {
      store.setCertificateEntry("pebble-root-" + i, roots.get(i));
    }
    return store;
  }

  /**
   * The certificate that signs what this pebble issues, and its private key (pebble's management
   * API hands both out, for tests that play the CA's OCSP responder).
   */
  public java.security.KeyPair issuingKeys() throws Exception {
    String pem = management("/intermediate-keys/0");
    try (var parser = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(pem))) {
      Object parsed = parser.readObject();
      var converter = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter();
      if (parsed instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
        return converter.getKeyPair(pair);
      }
      var key = converter.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) parsed);
      return new java.security.KeyPair(issuingCertificate().getPublicKey(), key);
    }
  }

  /** The intermediate that signs this pebble's certificates. */
  public X509Certificate issuingCertificate() throws Exception {
    String pem = management("/intermediates/0");
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
            .iterator()
            .next();
  }

  private String management(String path) throws Exception {
    HttpClient http = HttpClient.newBuilder().sslContext(apiTrust).build();
    return http.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + managementPort + path))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** The server-config lines that make tailgate order from this CA and trust its API. */
  public String directives() {
    return "MDCertificateAuthority " + directory() + "\nMDCACertificateFile " + apiRoots() + "\n";
  }

  @Override
  public void close() throws Exception {
    try {
      if (pebble != null) {
        pebble.close();
      }
    } finally {
      if (dns != null) {
        dns.close();
      }
    }
  }
}
