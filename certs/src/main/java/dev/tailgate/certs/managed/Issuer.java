package dev.tailgate.certs.managed;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Who issues a managed domain's certificate, as mod_md's {@code MDCertificateProtocol} and {@code
 * MDCertificateAuthority} say: the local tailscaled for a tailnet name, an ACME CA for a public
 * one. Each domain names its own, so both kinds run side by side in one manager (mod_md's protocol
 * hash, spec B.9).
 */
public sealed interface Issuer {

  /** mod_md's protocol name, as {@code md-status} reports it in {@code ca.proto}. */
  String protocol();

  /** Where certificates come from, for status reports: a socket path or a directory URL. */
  String location();

  /** tailscaled's LocalAPI on {@code socket}. */
  record Tailscale(Path socket) implements Issuer {
    @Override
    public String protocol() {
      return "tailscale";
    }

    @Override
    public String location() {
      return socket.toString();
    }
  }

  /**
   * An ACME CA (RFC 8555).
   *
   * @param directory the CA's directory URL ({@code MDCertificateAuthority})
   * @param contacts {@code mailto:} URIs ({@code MDContactEmail}, else {@code ServerAdmin})
   * @param agreementAccepted {@code MDCertificateAgreement accepted}
   * @param challenges {@code MDCAChallenges} in order of preference
   * @param binding {@code MDExternalAccountBinding}, for CAs that require one
   * @param keys {@code MDPrivateKeys}: the key made for each new certificate
   * @param trustedRoots {@code MDCACertificateFile}: PEM roots the CA's own HTTPS is checked
   *     against, in place of the JDK's (a private or test CA)
   * @param profile {@code MDProfile}: the certificate profile to order (draft-ietf-acme-profiles)
   */
  record Acme(
      URI directory,
      List<URI> contacts,
      boolean agreementAccepted,
      List<String> challenges,
      Optional<ExternalAccountBinding> binding,
      KeySpec keys,
      Optional<Path> trustedRoots,
      Optional<String> profile)
      implements Issuer {

    public static final String HTTP_01 = "http-01";
    public static final String TLS_ALPN_01 = "tls-alpn-01";

    public Acme {
      contacts = List.copyOf(contacts);
      challenges = List.copyOf(challenges);
    }

    @Override
    public String protocol() {
      return "ACME";
    }

    @Override
    public String location() {
      return directory.toString();
    }
  }

  /**
   * An ACME external account binding (RFC 8555 §7.3.4): a key id and the base64url HMAC key the CA
   * handed out. The key is a secret; {@link #toString()} never shows it.
   */
  record ExternalAccountBinding(String keyId, String hmacKey) {
    @Override
    public String toString() {
      return "ExternalAccountBinding[keyId=" + keyId + ", hmacKey=<redacted>]";
    }
  }
}
