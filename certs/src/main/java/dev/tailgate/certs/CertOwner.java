package dev.tailgate.certs;

import java.nio.file.Path;

/**
 * What a served certificate belongs to, so that replacing or retiring one never touches another's:
 * a managed domain's issued certificate, the self-signed stand-in it serves until the first one
 * arrives, or a virtual host's certificate files. A type, where prefixes on a string ({@code md:},
 * {@code fallback:}) once had to be taken apart again by whoever asked.
 */
public sealed interface CertOwner {

  /** The certificate issued for a managed domain. */
  record ManagedDomain(String name) implements CertOwner {}

  /** The self-signed certificate a managed domain serves (with 503s) until its first real one. */
  record StandIn(String name) implements CertOwner {}

  /**
   * {@code SSLCertificateFile} and {@code SSLCertificateKeyFile}; the key is in the certificate
   * file when they are the same.
   */
  record Files(Path certificate, Path key) implements CertOwner {}

  /**
   * The self-signed certificate that answers an ACME tls-alpn-01 challenge (RFC 8737) for {@code
   * name}: served only to a handshake that negotiates {@code acme-tls/1}, never to a browser.
   */
  record AcmeChallenge(String name) implements CertOwner {}

  /** Whether this is a managed domain's, issued or stand-in. */
  default boolean isManaged() {
    return this instanceof ManagedDomain || this instanceof StandIn;
  }
}
