package dev.tailgate.server.tls;

import static dev.tailgate.config.Arity.exactly;
import static dev.tailgate.config.DirectiveDefinition.SERVER_ONLY;

import dev.tailgate.config.ConfigModule;
import dev.tailgate.config.DirectiveDefinition;
import java.util.List;

/** {@code TLSProvider auto|conscrypt|jdk}: which TLS implementation the listeners use. */
public final class TlsModule implements ConfigModule {

  @Override
  public String name() {
    return "tls";
  }

  @Override
  public List<DirectiveDefinition> directives() {
    return List.of(
        DirectiveDefinition.directive(
            "TLSProvider",
            SERVER_ONLY,
            exactly(1),
            "TLSProvider auto|conscrypt|jdk",
            call ->
                TlsProvider.parse(call.arg(0))
                    .ifPresentOrElse(
                        provider -> {
                          if (provider == TlsProvider.CONSCRYPT && !TlsProvider.conscryptLoads()) {
                            call.problem(
                                "Conscrypt's native library does not load on this machine",
                                "write TLSProvider jdk, or auto (Conscrypt where it loads)");
                            return;
                          }
                          call.scope()
                              .modules()
                              .update(TlsProvider.KEY, () -> provider, old -> provider);
                        },
                        () ->
                            call.problem(
                                "\"" + call.arg(0) + "\" is not a TLS provider",
                                "write TLSProvider auto (Conscrypt where it loads), conscrypt or"
                                    + " jdk"))));
  }
}
