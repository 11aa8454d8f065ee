package dev.tailgate.certs.acme;

import dev.tailgate.certs.managed.Issuer;
import java.io.IOException;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import org.shredzone.acme4j.Metadata;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.connector.Resource;
import org.shredzone.acme4j.exception.AcmeException;

/**
 * What an ACME CA says about itself (its directory's metadata), read once for {@code tailgate
 * doctor}: whether it answers at all over the configured trust, its terms, whether it wants an
 * external account, which profiles it offers. Nothing is registered or ordered.
 *
 * @param terms the terms of service to accept, if the CA has any
 * @param profiles the profiles it offers (empty when it offers none)
 * @param account the stored account for this CA, if one was created
 */
public record CaProbe(
    Optional<URI> terms,
    boolean externalAccountRequired,
    Set<String> profiles,
    boolean renewalInformation,
    Optional<String> account) {

  /**
   * @throws IOException when the CA cannot be reached or read, with the reason
   */
  public static CaProbe of(Issuer.Acme issuer, AcmeAccounts accounts) throws IOException {
    try {
      Session session = new Session(issuer.directory(), CaTrust.of(issuer.trustedRoots()));
      Metadata meta = session.getMetadata();
      return new CaProbe(
          meta.getTermsOfService(),
          meta.isExternalAccountRequired(),
          meta.isProfileAllowed() ? meta.getProfiles() : Set.of(),
          session.resourceUrlOptional(Resource.RENEWAL_INFO).isPresent(),
          accounts.describe(issuer.directory()));
    } catch (AcmeException | RuntimeException e) {
      throw new IOException(AcmeCertificateSource.rootMessage(e), e);
    }
  }
}
