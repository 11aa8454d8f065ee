package dev.tailgate.server.tls;

import dev.tailgate.certs.CertRegistry;
import dev.tailgate.certs.ServedCertificate;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Builds Jetty's TLS factory around an {@link SSLContext} whose only key manager is the {@link
 * SniKeyManager}, from the chosen {@link TlsProvider}. Jetty never sees a keystore, so it cannot
 * cache a certificate: every handshake, on either engine, asks the registry.
 */
public final class TlsContexts {
  private TlsContexts() {}

  /**
   * The TLS layer of an HTTPS listener, handing decrypted bytes to {@code next} (ALPN).
   *
   * @param engine {@link TlsProvider#JDK} or {@link TlsProvider#CONSCRYPT}
   */
  public static SslConnectionFactory connectionFactory(
      CertRegistry registry,
      Supplier<Optional<ServedCertificate>> fallback,
      TlsProvider engine,
      ByteBufferPool buffers,
      String next) {
    SslConnectionFactory tls =
        new SslConnectionFactory(serverFactory(registry, fallback, engine, buffers), next);
    directBuffers(tls, engine);
    return tls;
  }

  public static SslContextFactory.Server serverFactory(
      CertRegistry registry,
      Supplier<Optional<ServedCertificate>> fallback,
      TlsProvider engine,
      ByteBufferPool buffers) {
    ServerFactory factory = new ServerFactory(e -> context(registry, fallback, e), engine, buffers);
    // HTTP/2 requires TLS 1.2+ and forbids the ciphers Jetty already excludes.
    factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
    factory.setSniRequired(false);
    return factory;
  }

  /**
   * Gives the connector's TLS a new {@link SSLContext} on {@code engine}: for settings the JDK
   * reads only when a context is made (OCSP stapling, switched on by a reload), or another engine.
   * Connections already open keep theirs.
   */
  public static void renew(Connector connector, TlsProvider engine) {
    SslConnectionFactory tls = connector.getConnectionFactory(SslConnectionFactory.class);
    if (tls != null && tls.getSslContextFactory() instanceof ServerFactory factory) {
      factory.renew(engine);
      directBuffers(tls, engine);
    }
  }

  /**
   * Conscrypt's engines read and write native memory, so they get direct network buffers (heap ones
   * they would copy); the JDK's work on arrays, so they get heap buffers, Jetty's default.
   */
  private static void directBuffers(SslConnectionFactory tls, TlsProvider engine) {
    tls.setDirectBuffersForEncryption(engine.usesConscrypt());
    tls.setDirectBuffersForDecryption(engine.usesConscrypt());
  }

  private static SSLContext context(
      CertRegistry registry, Supplier<Optional<ServedCertificate>> fallback, TlsProvider provider) {
    try {
      Optional<Provider> jca = provider.provider();
      SSLContext context =
          jca.isPresent()
              ? SSLContext.getInstance("TLS", jca.get())
              : SSLContext.getInstance("TLS");
      context.init(
          new KeyManager[] {new SniKeyManager(registry, fallback, NativeKeys.of(jca))}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS implementation: " + e.getMessage(), e);
    }
  }

  /** Jetty's factory, remembering how its context was made so it can make another. */
  private static final class ServerFactory extends SslContextFactory.Server {
    private final Function<TlsProvider, SSLContext> contexts;
    private final ByteBufferPool buffers;

    ServerFactory(
        Function<TlsProvider, SSLContext> contexts, TlsProvider engine, ByteBufferPool buffers) {
      this.contexts = contexts;
      this.buffers = buffers;
      setSslContext(contexts.apply(engine));
    }

    @Override
    public void customize(SSLEngine engine) {
      super.customize(engine);
      ConscryptEngines.customize(engine, buffers);
    }

    /**
     * None: tailgate asks no client for a certificate, and the JDK's way of saying a client sent
     * none is an exception, which Jetty would have made for every connection's first request (1% of
     * a new connection's CPU on Conscrypt, bench/README.md).
     */
    @Override
    public X509Certificate[] getX509CertChain(SSLSession session) {
      return getNeedClientAuth() || getWantClientAuth() ? super.getX509CertChain(session) : null;
    }

    void renew(TlsProvider engine) {
      try {
        reload(factory -> factory.setSslContext(contexts.apply(engine)));
      } catch (Exception e) {
        throw new IllegalStateException("cannot renew the TLS context: " + e.getMessage(), e);
      }
    }
  }
}
