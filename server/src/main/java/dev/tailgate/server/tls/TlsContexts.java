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
    ServerFactory factory = new ServerFactory(() -> context(registry, fallback, provider));
    // HTTP/2 requires TLS 1.2+ and forbids the ciphers Jetty already excludes.
    factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    factory.setSniRequired(false);
    return factory;
  }

  /**
   * Gives the connector's TLS a new {@link SSLContext}, for settings the JDK reads only when a
   * context is made (OCSP stapling, switched on by a reload). Connections already open keep theirs.
   */
  public static void renew(org.eclipse.jetty.server.Connector connector) {
    org.eclipse.jetty.server.SslConnectionFactory tls =
        connector.getConnectionFactory(org.eclipse.jetty.server.SslConnectionFactory.class);
    if (tls != null && tls.getSslContextFactory() instanceof ServerFactory factory) {
      factory.renew();
    }
  }

  private static SSLContext context(
      CertRegistry registry, Supplier<Optional<ServedCertificate>> fallback, TlsProvider provider) {
    try {
      Optional<Provider> jca = provider.provider();
      SSLContext context =
          jca.isPresent()
              ? SSLContext.getInstance("TLS", jca.get())
              : SSLContext.getInstance("TLS");
      context.init(new KeyManager[] {new SniKeyManager(registry, fallback)}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS implementation: " + e.getMessage(), e);
    }
  }

  /** Jetty's factory, remembering how its context was made so it can make another. */
  private static final class ServerFactory extends SslContextFactory.Server {
    private final Supplier<SSLContext> contexts;

    ServerFactory(Supplier<SSLContext> contexts) {
      this.contexts = contexts;
      setSslContext(contexts.get());
    }

    void renew() {
      try {
        reload(factory -> factory.setSslContext(contexts.get()));
      } catch (Exception e) {
        throw new IllegalStateException("cannot renew the TLS context: " + e.getMessage(), e);
      }
    }
  }
}
