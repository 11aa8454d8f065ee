package dev.tailgate.server.tls;

import dev.tailgate.certs.CertRegistry;
import dev.tailgate.certs.ServedCertificate;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Chooses the certificate at each TLS handshake from the {@link CertRegistry}, by SNI. This is what
 * lets a renewed certificate go live without a restart: nothing is loaded into the SSLContext, the
 * registry is asked every time. The alias handed to the JDK names one immutable installation, so a
 * swap between "choose" and "get key" cannot pair a new chain with an old key.
 */
public final class SniKeyManager extends X509ExtendedKeyManager {
  private final CertRegistry registry;
  private final Supplier<Optional<ServedCertificate>> fallback;
  private final NativeKeys keys;

  /**
   * @param fallback the certificate for clients that send no SNI or an unknown name: the default
   *     virtual host's, as httpd serves it
   */
  public SniKeyManager(CertRegistry registry, Supplier<Optional<ServedCertificate>> fallback) {
    this(registry, fallback, NativeKeys.none());
  }

  SniKeyManager(
      CertRegistry registry, Supplier<Optional<ServedCertificate>> fallback, NativeKeys keys) {
    this.registry = registry;
    this.fallback = fallback;
    this.keys = keys;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    if (engine != null
        && AcmeTlsConnectionFactory.PROTOCOL.equals(engine.getHandshakeApplicationProtocol())) {
      // an ACME validator (RFC 8737): the challenge certificate, or nothing
      return sniName(engine.getHandshakeSession())
          .flatMap(registry::forChallenge)
          .filter(c -> c.keyType().equals(keyType))
          .map(ServedCertificate::alias)
          .orElse(null);
    }
    return choose(keyType, engine == null ? null : engine.getHandshakeSession());
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  private String choose(String keyType, SSLSession handshake) {
    Optional<ServedCertificate> chosen = sniName(handshake).flatMap(registry::forName).or(fallback);
    return chosen
        .filter(c -> c.keyType().equals(keyType))
        .map(ServedCertificate::alias)
        .orElse(null);
  }

  /** The host name the client asked for, if it sent one. */
  public static Optional<String> sniName(SSLSession session) {
    if (!(session instanceof ExtendedSSLSession extended)) {
      return Optional.empty();
    }
    List<SNIServerName> names = extended.getRequestedServerNames();
    for (SNIServerName name : names) {
      if (name.getType() == StandardConstants.SNI_HOST_NAME && name instanceof SNIHostName host) {
        return Optional.of(host.getAsciiName());
      }
    }
    return Optional.empty();
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return registry
        .forAlias(alias)
        .map(c -> c.chain().toArray(X509Certificate[]::new))
        .orElse(null);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return registry.forAlias(alias).map(keys::of).orElse(null);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return registry.all().stream()
        .filter(c -> c.keyType().equals(keyType))
        .map(ServedCertificate::alias)
        .toArray(String[]::new);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
