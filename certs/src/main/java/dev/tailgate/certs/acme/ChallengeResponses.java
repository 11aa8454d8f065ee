package dev.tailgate.certs.acme;

import dev.tailgate.certs.CertRegistry;
import dev.tailgate.localapi.cert.CertPair;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The answers to the ACME challenges open right now, which the front door serves: http-01 key
 * authorizations by token (RFC 8555 §8.3) and tls-alpn-01 certificates by name (RFC 8737, through
 * the registry the TLS layer asks). One per process, so a reload in the middle of an order keeps
 * answering.
 */
public final class ChallengeResponses {
  /** Where http-01 answers live, on every host name. */
  public static final String HTTP01_PREFIX = "/.well-known/acme-challenge/";

  private final Map<String, String> http01 = new ConcurrentHashMap<>();
  private final CertRegistry registry;

  public ChallengeResponses(CertRegistry registry) {
    this.registry = registry;
  }

  /**
   * The body to answer a plain-HTTP {@code GET /.well-known/acme-challenge/TOKEN} with, if that
   * token is open.
   */
  public Optional<String> http01(String token) {
    return Optional.ofNullable(http01.get(token));
  }

  /** Whether any http-01 challenge is open: the front door skips the lookup otherwise. */
  public boolean anyHttp01() {
    return !http01.isEmpty();
  }

  void openHttp01(String token, String keyAuthorization) {
    http01.put(token, keyAuthorization);
  }

  void closeHttp01(String token) {
    http01.remove(token);
  }

  void openTlsAlpn01(String name, CertPair answer) {
    registry.installChallenge(name, answer);
  }

  void closeTlsAlpn01(String name) {
    registry.removeChallenge(name);
  }
}
