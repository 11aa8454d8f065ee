package dev.tailgate.config.modules;

import static dev.tailgate.config.Arity.exactly;
import static dev.tailgate.config.DirectiveDefinition.SERVER_AND_VHOST;
import static dev.tailgate.config.DirectiveDefinition.directive;

import dev.tailgate.config.ConfigModule;
import dev.tailgate.config.DirectiveCall;
import dev.tailgate.config.DirectiveDefinition;
import java.util.List;

/**
 * mod_ssl's essentials. Certificate files are checked for readability now, because a server that
 * starts and then fails every handshake is worse than one that refuses to start.
 */
public final class SslModule implements ConfigModule {

  @Override
  public String name() {
    return "ssl";
  }

  @Override
  public List<DirectiveDefinition> directives() {
    return List.of(
        directive(
            "SSLEngine",
            SERVER_AND_VHOST,
            exactly(1),
            "SSLEngine on|off",
            c -> OnOff.parse(c, c.arg(0)).ifPresent(c.scope().host()::sslEngine)),
        directive(
            "SSLCertificateFile",
            SERVER_AND_VHOST,
            exactly(1),
            "SSLCertificateFile file-path",
            this::certificateFile),
        directive(
            "SSLCertificateKeyFile",
            SERVER_AND_VHOST,
            exactly(1),
            "SSLCertificateKeyFile file-path",
            this::keyFile));
  }

  private void certificateFile(DirectiveCall call) {
    ConfigPaths.readableFile(call, call.arg(0), "certificate file")
        .ifPresent(call.scope().host()::certificateFile);
  }

  private void keyFile(DirectiveCall call) {
    ConfigPaths.readableFile(call, call.arg(0), "key file")
        .ifPresent(call.scope().host()::certificateKeyFile);
  }
}
