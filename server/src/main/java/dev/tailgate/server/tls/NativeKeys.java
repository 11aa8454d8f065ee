package dev.tailgate.server.tls;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.tailgate.certs.ServedCertificate;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Optional;
import java.util.function.Function;

/**
 * The private key of each installed certificate as the TLS engine holds it natively. Given a JDK
 * key, Conscrypt parses its PKCS#8 encoding into a BoringSSL key at every handshake (2% of a new
 * connection's CPU in bench/README.md's profile); a key made by Conscrypt's own key factory carries
 * the native key, so it is parsed once per installation instead.
 *
 * <p>Kept per {@link ServedCertificate} instance, weakly: a renewal installs a new instance, which
 * gets its own conversion, and the old one's goes with it, so a new chain is never paired with an
 * old key.
 */
final class NativeKeys {
  private final Function<ServedCertificate, PrivateKey> convert;
  private final Cache<ServedCertificate, PrivateKey> converted =
      Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();

  private NativeKeys(Function<ServedCertificate, PrivateKey> convert) {
    this.convert = convert;
  }

  /** For an engine that takes the JDK's keys as they are. */
  static NativeKeys none() {
    return new NativeKeys(ServedCertificate::privateKey);
  }

  /** For the engine of {@code provider}, or the JDK's keys as they are when there is none. */
  static NativeKeys of(Optional<Provider> provider) {
    return provider
        .map(p -> new NativeKeys(c -> translate(c.privateKey(), p)))
        .orElseGet(NativeKeys::none);
  }

  PrivateKey of(ServedCertificate certificate) {
    return converted.get(certificate, convert);
  }

  /**
   * The same key through the provider's key factory; the key as it is if that cannot be done (a key
   * type the provider has no factory for), which the engine then converts per handshake as before.
   */
  private static PrivateKey translate(PrivateKey key, Provider provider) {
    byte[] encoded = key.getEncoded();
    if (!"PKCS#8".equals(key.getFormat()) || encoded == null) {
      return key;
    }
    try {
      return KeyFactory.getInstance(key.getAlgorithm(), provider)
          .generatePrivate(new PKCS8EncodedKeySpec(encoded));
    } catch (GeneralSecurityException | RuntimeException notForThisEngine) {
      return key;
    }
  }
}
