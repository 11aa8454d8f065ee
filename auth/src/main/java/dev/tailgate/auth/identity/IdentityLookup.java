package dev.tailgate.auth.identity;

import dev.tailgate.localapi.LocalApiException;

/**
 * What asking tailscaled about a peer gave. A peer tailscaled does not know is an answer, not a
 * failure: it ends in httpd's 401/403. A failure means tailscaled could not say, and must never be
 * mistaken for "not a peer", or an outage would look like a wrong password.
 */
public sealed interface IdentityLookup {

  /** A tailnet peer. */
  record Found(Identity identity) implements IdentityLookup {}

  /** Not a tailnet peer (whois 404), or an answer with no usable name. */
  record NotAPeer() implements IdentityLookup {}

  /** tailscaled is down, slow, refuses us or answered garbage. */
  record Failed(LocalApiException cause) implements IdentityLookup {}

  NotAPeer NOT_A_PEER = new NotAPeer();
}
