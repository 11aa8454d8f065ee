package dev.tailgate.server.md.config;

import dev.tailgate.certs.managed.Issuer;
import dev.tailgate.certs.managed.KeySpec;
import dev.tailgate.config.syntax.SourceLocation;
import java.util.List;
import java.util.Optional;

/**
 * mod_md's ACME directives as written in one scope; empty means "not set here". Merged like the
 * rest of {@link DomainSettings}: an {@code <MDomain>}'s own over its vhost's over the server's.
 *
 * @param contacts {@code MDContactEmail}
 * @param serverAdmin {@code ServerAdmin}, the contact when no MDContactEmail is given
 * @param agreement {@code MDCertificateAgreement accepted}
 * @param challenges {@code MDCAChallenges}, with where they were written (checked per domain)
 * @param binding {@code MDExternalAccountBinding}; present and empty for {@code none}
 * @param keys {@code MDPrivateKeys}
 * @param caCertificateFile {@code MDCACertificateFile}, as written (resolved against ServerRoot)
 * @param profile {@code MDProfile}
 * @param stapling {@code MDStapling}, with where it was written
 */
record AcmeSettings(
    Optional<String> contacts,
    Optional<String> serverAdmin,
    Optional<Boolean> agreement,
    Optional<Written<List<String>>> challenges,
    Optional<Optional<Issuer.ExternalAccountBinding>> binding,
    Optional<KeySpec> keys,
    Optional<Written<String>> caCertificateFile,
    Optional<String> profile,
    Optional<Written<Boolean>> stapling) {

  static final AcmeSettings NONE =
      new AcmeSettings(
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  /** A value and the line that set it, for errors found only once the domain is known. */
  record Written<T>(T value, SourceLocation at, String directive) {}

  AcmeSettings overriddenBy(AcmeSettings later) {
    return new AcmeSettings(
        later.contacts.or(() -> contacts),
        later.serverAdmin.or(() -> serverAdmin),
        later.agreement.or(() -> agreement),
        later.challenges.or(() -> challenges),
        later.binding.or(() -> binding),
        later.keys.or(() -> keys),
        later.caCertificateFile.or(() -> caCertificateFile),
        later.profile.or(() -> profile),
        later.stapling.or(() -> stapling));
  }

  AcmeSettings withContacts(String value) {
    return new AcmeSettings(
        Optional.of(value),
        serverAdmin,
        agreement,
        challenges,
        binding,
        keys,
        caCertificateFile,
        profile,
        stapling);
  }

  AcmeSettings withServerAdmin(String value) {
    return new AcmeSettings(
        contacts,
        Optional.of(value),
        agreement,
        challenges,
        binding,
        keys,
        caCertificateFile,
        profile,
        stapling);
  }

  AcmeSettings withAgreement(boolean value) {
    return new AcmeSettings(
        contacts,
        serverAdmin,
        Optional.of(value),
        challenges,
        binding,
        keys,
        caCertificateFile,
        profile,
        stapling);
  }

  AcmeSettings withChallenges(Written<List<String>> value) {
    return new AcmeSettings(
        contacts,
        serverAdmin,
        agreement,
        Optional.of(value),
        binding,
        keys,
        caCertificateFile,
        profile,
        stapling);
  }

  AcmeSettings withBinding(Optional<Issuer.ExternalAccountBinding> value) {
    return new AcmeSettings(
        contacts,
        serverAdmin,
        agreement,
        challenges,
        Optional.of(value),
        keys,
        caCertificateFile,
        profile,
        stapling);
  }

  AcmeSettings withKeys(KeySpec value) {
    return new AcmeSettings(
        contacts,
        serverAdmin,
        agreement,
        challenges,
        binding,
        Optional.of(value),
        caCertificateFile,
        profile,
        stapling);
  }

  AcmeSettings withCaCertificateFile(Written<String> value) {
    return new AcmeSettings(
        contacts,
        serverAdmin,
        agreement,
        challenges,
        binding,
        keys,
        Optional.of(value),
        profile,
        stapling);
  }

  AcmeSettings withProfile(String value) {
    return new AcmeSettings(
        contacts,
        serverAdmin,
        agreement,
        challenges,
        binding,
        keys,
        caCertificateFile,
        Optional.of(value),
        stapling);
  }

  AcmeSettings withStapling(Written<Boolean> value) {
    return new AcmeSettings(
        contacts,
        serverAdmin,
        agreement,
        challenges,
        binding,
        keys,
        caCertificateFile,
        profile,
        Optional.of(value));
  }
}
