package dev.tailgate.certs.acme;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.provider.AbstractAcmeProvider;

/**
 * acme4j's connection to one CA directory, trusting the roots of {@code MDCACertificateFile} when
 * one is given (a private CA, or pebble in tests) and the JDK's otherwise. Any http(s) directory
 * URL is accepted as written: tailgate resolves the well-known CA names itself.
 */
final class CaTrust extends AbstractAcmeProvider {
  private final Optional<SSLContext> context;

  private CaTrust(Optional<SSLContext> context) {
    this.context = context;
  }

  /**
   * @throws IOException when the roots file cannot be read or holds no certificate, naming it
   */
  static CaTrust of(Optional<Path> rootsFile) throws IOException {
    if (rootsFile.isEmpty()) {
      return new CaTrust(Optional.empty());
    }
    Path file = rootsFile.get();
    try (InputStream in = Files.newInputStream(file)) {
      Collection<? extends Certificate> roots =
          CertificateFactory.getInstance("X.509").generateCertificates(in);
      if (roots.isEmpty()) {
        throw new IOException("MDCACertificateFile " + file + " holds no PEM certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int n = 0;
      for (Certificate root : roots) {
        store.setCertificateEntry("root-" + n++, root);
      }
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return new CaTrust(Optional.of(context));
    } catch (GeneralSecurityException e) {
      throw new IOException(
          "MDCACertificateFile " + file + " is not a PEM certificate file: " + e.getMessage(), e);
    }
  }

  @Override
  public boolean accepts(URI serverUri) {
    return "https".equals(serverUri.getScheme()) || "http".equals(serverUri.getScheme());
  }

  @Override
  public URL resolve(URI serverUri) {
    try {
      return serverUri.toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a CA directory URL: " + serverUri, e);
    }
  }

  @Override
  protected HttpConnector createHttpConnector(NetworkSettings settings) {
    if (context.isEmpty()) {
      return super.createHttpConnector(settings);
    }
    SSLContext ssl = context.get();
    return new HttpConnector(settings) {
      @Override
      public HttpClient.Builder createClientBuilder() {
        return super.createClientBuilder().sslContext(ssl);
      }
    };
  }
}
