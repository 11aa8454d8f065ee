package dev.tailgate.server.tls;

import dev.tailgate.config.model.ModuleKey;
import java.security.Provider;
import java.util.Locale;
import java.util.Optional;
import org.conscrypt.Conscrypt;

/**
 * Which TLS implementation serves handshakes ({@code TLSProvider}): the JDK's, or Conscrypt
 * (BoringSSL, native), which costs about half the JDK's CPU per full handshake (bench/README.md).
 * {@code auto}, the default, is Conscrypt where it loads; the server resolves it per configuration
 * (runtime.TlsEngine), since some features need the JDK's engine.
 */
public enum TlsProvider {
  AUTO,
  CONSCRYPT,
  JDK;

  /** The server-wide choice. */
  public static final ModuleKey<TlsProvider> KEY = ModuleKey.replacing("tls-provider");

  /** What a configuration without {@code TLSProvider} gets. */
  public static final TlsProvider DEFAULT = AUTO;

  private static final Optional<Provider> CONSCRYPT_PROVIDER = loadConscrypt();

  public static Optional<TlsProvider> parse(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "auto" -> Optional.of(AUTO);
      case "conscrypt" -> Optional.of(CONSCRYPT);
      case "jdk" -> Optional.of(JDK);
      default -> Optional.empty();
    };
  }

  /**
   * The JCA provider to build TLS contexts with; empty for the JDK's default.
   *
   * @throws IllegalStateException for {@code conscrypt} where it cannot load
   */
  public Optional<Provider> provider() {
    return switch (this) {
      case JDK -> Optional.empty();
      case AUTO -> CONSCRYPT_PROVIDER;
      case CONSCRYPT ->
          Optional.of(
              CONSCRYPT_PROVIDER.orElseThrow(
                  () ->
                      new IllegalStateException(
                          "TLSProvider conscrypt: Conscrypt's native library does not load on this"
                              + " machine (it is built for Linux, macOS and Windows on x86-64 and"
                              + " arm64); write TLSProvider auto or jdk")));
    };
  }

  /**
   * Whether this choice serves with Conscrypt here. Its engines work on direct buffers (the JDK's
   * on arrays), so the TLS connection factory gives them direct network buffers.
   */
  public boolean usesConscrypt() {
    return provider().isPresent();
  }

  /** Whether Conscrypt's native library loads on this machine. */
  public static boolean conscryptLoads() {
    return CONSCRYPT_PROVIDER.isPresent();
  }

  private static Optional<Provider> loadConscrypt() {
    try {
      return Conscrypt.isAvailable() ? Optional.of(Conscrypt.newProvider()) : Optional.empty();
    } catch (LinkageError | RuntimeException e) {
      return Optional.empty();
    }
  }
}
