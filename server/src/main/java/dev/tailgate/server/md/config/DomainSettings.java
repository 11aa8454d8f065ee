package dev.tailgate.server.md.config;

import dev.tailgate.certs.managed.RenewWindow;
import dev.tailgate.config.model.ModuleKey;
import dev.tailgate.config.syntax.SourceLocation;
import java.util.List;
import java.util.Optional;

/**
 * mod_md's per-domain settings as written in one scope (server config, a vhost, an {@code
 * <MDomain>}); empty means "not set here". A vhost's merge over the server's ({@link #KEY}), and a
 * domain's own over both.
 */
record DomainSettings(
    Optional<String> protocol,
    Optional<Authority> authority,
    Optional<RenewWindow> renew,
    Optional<RenewWindow> warn,
    Optional<MdConfig.RequireHttps> requireHttps,
    AcmeSettings acme) {

  static final ModuleKey<DomainSettings> KEY = ModuleKey.of("md", DomainSettings::overriddenBy);
  static final DomainSettings NONE =
      new DomainSettings(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          AcmeSettings.NONE);

  /** {@code MDCertificateAuthority} as written: checked against the protocol once that is known. */
  record Authority(List<String> values, SourceLocation at, String directive) {
    Authority {
      values = List.copyOf(values);
    }
  }

  DomainSettings overriddenBy(DomainSettings later) {
    return new DomainSettings(
        later.protocol.or(() -> protocol),
        later.authority.or(() -> authority),
        later.renew.or(() -> renew),
        later.warn.or(() -> warn),
        later.requireHttps.or(() -> requireHttps),
        acme.overriddenBy(later.acme));
  }

  DomainSettings withProtocol(String value) {
    return new DomainSettings(Optional.of(value), authority, renew, warn, requireHttps, acme);
  }

  DomainSettings withAuthority(Authority value) {
    return new DomainSettings(protocol, Optional.of(value), renew, warn, requireHttps, acme);
  }

  DomainSettings withRenew(RenewWindow value) {
    return new DomainSettings(protocol, authority, Optional.of(value), warn, requireHttps, acme);
  }

  DomainSettings withWarn(RenewWindow value) {
    return new DomainSettings(protocol, authority, renew, Optional.of(value), requireHttps, acme);
  }

  DomainSettings withRequireHttps(MdConfig.RequireHttps value) {
    return new DomainSettings(protocol, authority, renew, warn, Optional.of(value), acme);
  }

  DomainSettings withAcme(java.util.function.UnaryOperator<AcmeSettings> change) {
    return new DomainSettings(protocol, authority, renew, warn, requireHttps, change.apply(acme));
  }
}
