package dev.tailgate.server.runtime;

import dev.tailgate.config.model.TailgateConfig;
import dev.tailgate.server.md.config.MdConfig;
import dev.tailgate.server.tls.TlsProvider;
import java.util.Locale;
import java.util.Optional;

/**
 * The TLS engine a configuration's HTTPS listeners get: {@code TLSProvider} resolved. {@code auto}
 * (the default) is Conscrypt where its native library loads, unless a managed domain needs what
 * only the JDK's engine does here (OCSP stapling, the tls-alpn-01 challenge).
 *
 * @param provider {@link TlsProvider#JDK} or {@link TlsProvider#CONSCRYPT}, never {@code AUTO}
 * @param reason why, for the log
 */
public record TlsEngine(TlsProvider provider, String reason) {

  public static TlsEngine of(TailgateConfig config) {
    TlsProvider chosen =
        config.mainServer().host().modules().get(TlsProvider.KEY).orElse(TlsProvider.DEFAULT);
    if (chosen != TlsProvider.AUTO) {
      return new TlsEngine(chosen, "TLSProvider " + chosen.name().toLowerCase(Locale.ROOT));
    }
    if (!TlsProvider.conscryptLoads()) {
      return new TlsEngine(TlsProvider.JDK, "TLSProvider auto: Conscrypt does not load here");
    }
    Optional<String> needsJdk =
        config.modules().get(MdConfig.KEY).flatMap(MdConfig::needsJdkEngine);
    return needsJdk
        .map(why -> new TlsEngine(TlsProvider.JDK, "TLSProvider auto: " + why))
        .orElseGet(() -> new TlsEngine(TlsProvider.CONSCRYPT, "TLSProvider auto"));
  }

  /** For the log: "Conscrypt (TLSProvider auto)". */
  public String describe() {
    return (provider == TlsProvider.CONSCRYPT ? "Conscrypt (BoringSSL)" : "the JDK's")
        + " ("
        + reason
        + ")";
  }
}
