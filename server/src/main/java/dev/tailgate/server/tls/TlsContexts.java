package dev.tailgate.server.tls;

import dev.tailgate.certs.CertRegistry;
import dev.tailgate.certs.ServedCertificate;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Builds Jetty's TLS factory around an {@link SSLContext} whose only key manager is the {@link
 * SniKeyManager}, from the chosen {@link TlsProvider}. Jetty never sees a keystore, so it cannot
 * cache a certificate: every handshake, on either engine, asks the registry.
 */
public final class TlsContexts {
  private TlsContexts() {}

  public static SslContextFactory.Server serverFactory(
      CertRegistry registry, Supplier<Optional<ServedCertificate>> fallback, TlsProvider provider) {
    SSLContext context;
    try {
      Optional<Provider> jca = provider.provider();
      context =
          jca.isPresent()
              ? SSLContext.getInstance("TLS", jca.get())
              : SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new SniKeyManager(registry, fallback)}, null, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS implementation: " + e.getMessage(), e);
    }
    SslContextFactory.Server factory = new SslContextFactory.Server();
    factory.setSslContext(context);
    // HTTP/2 requires TLS 1.2+ and forbids the ciphers Jetty already excludes.
    factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    factory.setSniRequired(false);
    return factory;
  }
}
