package dev.tailgate.auth.policy;

import dev.tailgate.auth.identity.Identity;
import dev.tailgate.localapi.LocalApiException;
import java.util.Optional;

/** How an access check ended, for the server to turn into a response. */
public sealed interface Verdict {

  /**
   * @param user httpd's {@code r->user}: set only when authentication ran (REMOTE_USER, {@code %u})
   * @param identity the peer's tailnet identity, when it was looked up, for identity headers
   */
  record Allowed(Optional<String> user, Optional<Identity> identity) implements Verdict {}

  /**
   * 401 (authentication failed, never with a challenge) or 403.
   *
   * @param reason for the error log, in httpd's words
   */
  record Refused(int status, String reason) implements Verdict {}

  /** tailscaled could not say who the peer is; the request needed to know. */
  record Unavailable(LocalApiException cause) implements Verdict {}

  /** httpd's 500 cases: AuthType without any Require, a user required without AuthType. */
  record Misconfigured(String reason) implements Verdict {}
}
